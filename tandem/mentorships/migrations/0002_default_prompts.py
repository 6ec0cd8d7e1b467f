"""The default library of question prompts for mentors, grouped by purpose."""

from django.db import migrations

PROMPTS = {
    "goal_setting": [
        "If we met again in a year and this had gone really well, what would have changed?",
        "What would you attempt if you knew you could not fail?",
        "Which of your goals excites you, and which do you feel you ought to have?",
        "How will you know you have got there? What will you see, hear or feel?",
        "What is the smallest version of this goal you could reach in the next month?",
        "Whose support would make this goal easier, and have you asked for it?",
        "What are you prepared to stop doing to make room for this?",
        "Which goal, if you reached it, would make the others easier or unnecessary?",
        "What does a stretch look like here, rather than more of the same?",
        "What has stopped you from working on this before?",
    ],
    "reflecting": [
        "What happened, and what did you notice about how you responded?",
        "When did you last feel at your best at work? What was going on?",
        "What assumption did you make that turned out not to hold?",
        "If a colleague you respect had watched that, what would they have said?",
        "What did you learn about yourself this month that surprised you?",
        "Which of your habits serves you well, and which has outlived its use?",
        "What feedback have you received recently that you keep returning to?",
        "What would you do differently if the same situation came up tomorrow?",
        "Where do you feel most and least confident, and why do you think that is?",
        "What are you proud of that nobody else has noticed?",
    ],
    "problem_solving": [
        "What exactly is the problem, in one sentence?",
        "Whose problem is it, and who else sees it differently?",
        "What have you already tried, and what did each attempt teach you?",
        "What would you advise a friend to do in your position?",
        "If there were no constraints at all, what would you do? Which constraint is real?",
        "What is within your control here, and what is not?",
        "What is the cost of leaving this exactly as it is?",
        "What are three completely different ways to approach this?",
        "What information would change your mind?",
        "Who has solved something similar, and what could you learn from them?",
    ],
    "action_planning": [
        "What is the very next step, and when will you take it?",
        "What might get in the way, and what will you do if it does?",
        "On a scale of 1 to 10, how likely are you to do this? What would make it a 10?",
        "Who needs to know about this plan, and when will you tell them?",
        "What support or resources do you need that you do not yet have?",
        "How will you remind yourself to follow through?",
        "What will you have done by the time we next meet?",
        "Which of these actions matters most if you only manage one?",
        "How will you celebrate when it is done?",
        "What would you like me to ask you about next time?",
    ],
}


def seed(apps, schema_editor):
    Prompt = apps.get_model("mentorships", "Prompt")
    # The database being migrated, which is not always the default one (move-to-postgres).
    Prompt.objects.using(schema_editor.connection.alias).bulk_create(
        Prompt(programme=None, purpose=purpose, text=text, order=order)
        for purpose, texts in PROMPTS.items()
        for order, text in enumerate(texts)
    )


def unseed(apps, schema_editor):
    Prompt = apps.get_model("mentorships", "Prompt")
    Prompt.objects.using(schema_editor.connection.alias).filter(programme=None).delete()


class Migration(migrations.Migration):
    dependencies = [("mentorships", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
