"""Seed the shared skills list (with aliases) and the ISO 639-1 languages."""

import re

from django.db import migrations
from django.utils.text import slugify

LANGUAGES = [
    ("aa", "Afar"), ("ab", "Abkhazian"), ("ae", "Avestan"), ("af", "Afrikaans"), ("ak", "Akan"),
    ("am", "Amharic"), ("an", "Aragonese"), ("ar", "Arabic"), ("as", "Assamese"),
    ("av", "Avaric"), ("ay", "Aymara"), ("az", "Azerbaijani"), ("ba", "Bashkir"),
    ("be", "Belarusian"), ("bg", "Bulgarian"), ("bi", "Bislama"), ("bm", "Bambara"),
    ("bn", "Bengali"), ("bo", "Tibetan"), ("br", "Breton"), ("bs", "Bosnian"),
    ("ca", "Catalan"), ("ce", "Chechen"), ("ch", "Chamorro"), ("co", "Corsican"), ("cr", "Cree"),
    ("cs", "Czech"), ("cu", "Church Slavic"), ("cv", "Chuvash"), ("cy", "Welsh"),
    ("da", "Danish"), ("de", "German"), ("dv", "Divehi"), ("dz", "Dzongkha"), ("ee", "Ewe"),
    ("el", "Greek"), ("en", "English"), ("eo", "Esperanto"), ("es", "Spanish"),
    ("et", "Estonian"), ("eu", "Basque"), ("fa", "Persian"), ("ff", "Fulah"), ("fi", "Finnish"),
    ("fj", "Fijian"), ("fo", "Faroese"), ("fr", "French"), ("fy", "Western Frisian"),
    ("ga", "Irish"), ("gd", "Scottish Gaelic"), ("gl", "Galician"), ("gn", "Guarani"),
    ("gu", "Gujarati"), ("gv", "Manx"), ("ha", "Hausa"), ("he", "Hebrew"), ("hi", "Hindi"),
    ("ho", "Hiri Motu"), ("hr", "Croatian"), ("ht", "Haitian Creole"), ("hu", "Hungarian"),
    ("hy", "Armenian"), ("hz", "Herero"), ("ia", "Interlingua"), ("id", "Indonesian"),
    ("ie", "Interlingue"), ("ig", "Igbo"), ("ii", "Sichuan Yi"), ("ik", "Inupiaq"),
    ("io", "Ido"), ("is", "Icelandic"), ("it", "Italian"), ("iu", "Inuktitut"),
    ("ja", "Japanese"), ("jv", "Javanese"), ("ka", "Georgian"), ("kg", "Kongo"),
    ("ki", "Kikuyu"), ("kj", "Kuanyama"), ("kk", "Kazakh"), ("kl", "Kalaallisut"),
    ("km", "Khmer"), ("kn", "Kannada"), ("ko", "Korean"), ("kr", "Kanuri"), ("ks", "Kashmiri"),
    ("ku", "Kurdish"), ("kv", "Komi"), ("kw", "Cornish"), ("ky", "Kyrgyz"), ("la", "Latin"),
    ("lb", "Luxembourgish"), ("lg", "Ganda"), ("li", "Limburgish"), ("ln", "Lingala"),
    ("lo", "Lao"), ("lt", "Lithuanian"), ("lu", "Luba-Katanga"), ("lv", "Latvian"),
    ("mg", "Malagasy"), ("mh", "Marshallese"), ("mi", "Māori"), ("mk", "Macedonian"),
    ("ml", "Malayalam"), ("mn", "Mongolian"), ("mr", "Marathi"), ("ms", "Malay"),
    ("mt", "Maltese"), ("my", "Burmese"), ("na", "Nauru"), ("nb", "Norwegian Bokmål"),
    ("nd", "North Ndebele"), ("ne", "Nepali"), ("ng", "Ndonga"), ("nl", "Dutch"),
    ("nn", "Norwegian Nynorsk"), ("no", "Norwegian"), ("nr", "South Ndebele"),
    ("nv", "Navajo"), ("ny", "Chichewa"), ("oc", "Occitan"), ("oj", "Ojibwa"), ("om", "Oromo"),
    ("or", "Odia"), ("os", "Ossetian"), ("pa", "Punjabi"), ("pi", "Pali"), ("pl", "Polish"),
    ("ps", "Pashto"), ("pt", "Portuguese"), ("qu", "Quechua"), ("rm", "Romansh"),
    ("rn", "Rundi"), ("ro", "Romanian"), ("ru", "Russian"), ("rw", "Kinyarwanda"),
    ("sa", "Sanskrit"), ("sc", "Sardinian"), ("sd", "Sindhi"), ("se", "Northern Sami"),
    ("sg", "Sango"), ("si", "Sinhala"), ("sk", "Slovak"), ("sl", "Slovenian"), ("sm", "Samoan"),
    ("sn", "Shona"), ("so", "Somali"), ("sq", "Albanian"), ("sr", "Serbian"), ("ss", "Swati"),
    ("st", "Southern Sotho"), ("su", "Sundanese"), ("sv", "Swedish"), ("sw", "Swahili"),
    ("ta", "Tamil"), ("te", "Telugu"), ("tg", "Tajik"), ("th", "Thai"), ("ti", "Tigrinya"),
    ("tk", "Turkmen"), ("tl", "Tagalog"), ("tn", "Tswana"), ("to", "Tongan"), ("tr", "Turkish"),
    ("ts", "Tsonga"), ("tt", "Tatar"), ("tw", "Twi"), ("ty", "Tahitian"), ("ug", "Uyghur"),
    ("uk", "Ukrainian"), ("ur", "Urdu"), ("uz", "Uzbek"), ("ve", "Venda"), ("vi", "Vietnamese"),
    ("vo", "Volapük"), ("wa", "Walloon"), ("wo", "Wolof"), ("xh", "Xhosa"), ("yi", "Yiddish"),
    ("yo", "Yoruba"), ("za", "Zhuang"), ("zh", "Chinese"), ("zu", "Zulu"),
]

# (name, description, aliases). Aliases are compared in normalised form (lower case).
SKILLS = [
    ("Budgeting", "Planning and controlling a budget.", ["budgets", "budget planning", "budget management"]),
    ("Forecasting", "Projecting revenue, costs or demand.", ["financial forecasting", "forecasts"]),
    ("Financial analysis", "Reading and interpreting financial statements.", ["finance analysis"]),
    ("Financial modelling", "Building models of a business in spreadsheets.", ["financial modeling"]),
    ("Accounting", "Recording and reporting financial transactions.", ["bookkeeping"]),
    ("Machine learning", "Models that learn from data.", ["ml", "machine-learning"]),
    ("Artificial intelligence", "Applying AI to products and processes.", ["ai"]),
    ("Deep learning", "Neural networks and their training.", ["neural networks"]),
    ("Data analysis", "Turning data into findings.", ["data analytics", "analytics"]),
    ("Data visualisation", "Charts and dashboards that tell the story.", ["data visualization", "dataviz"]),
    ("Statistics", "Sampling, inference and experiments.", ["stats"]),
    ("SQL", "Querying relational databases.", ["structured query language"]),
    ("Python", "Programming in Python.", ["python programming"]),
    ("JavaScript", "Programming in JavaScript.", ["js"]),
    ("TypeScript", "Programming in TypeScript.", ["ts"]),
    ("Java", "Programming in Java.", []),
    ("Cloud computing", "Running systems on cloud platforms.", ["cloud", "cloud infrastructure"]),
    ("DevOps", "Delivery pipelines and operations.", ["dev ops", "ci/cd"]),
    ("Cybersecurity", "Protecting systems and data.", ["information security", "infosec", "security"]),
    ("Software architecture", "Designing systems that last.", ["system design", "systems design"]),
    ("Software testing", "Quality assurance and test automation.", ["qa", "quality assurance", "testing"]),
    ("UX research", "Learning what users need.", ["user research", "usability testing"]),
    ("UX design", "Designing how a product works for people.", ["user experience design", "interaction design"]),
    ("UI design", "Designing interfaces.", ["user interface design", "visual design"]),
    ("Product management", "Deciding what to build and why.", ["product ownership", "product owner"]),
    ("Project management", "Delivering projects on time and budget.", ["project planning"]),
    ("Agile delivery", "Iterative delivery with agile methods.", ["agile", "scrum", "kanban"]),
    ("Programme management", "Running several related projects.", ["program management"]),
    ("Public speaking", "Presenting to an audience.", ["presenting", "presentations", "presentation skills"]),
    ("Written communication", "Clear writing for work.", ["business writing", "writing"]),
    ("Storytelling", "Making a message memorable.", []),
    ("Stakeholder management", "Keeping the right people involved.", ["stakeholder engagement", "managing stakeholders"]),
    ("Negotiation", "Reaching agreements that hold.", ["negotiating"]),
    ("People management", "Managing a team day to day.", ["line management", "managing people", "team management"]),
    ("Leadership", "Setting direction and bringing people along.", ["leading teams"]),
    ("Coaching", "Helping others find their own answers.", []),
    ("Mentoring", "Sharing experience to help others grow.", []),
    ("Giving feedback", "Candid, future-focused feedback.", ["feedback"]),
    ("Conflict resolution", "Working through disagreement.", ["conflict management"]),
    ("Hiring", "Recruiting and interviewing.", ["recruiting", "recruitment", "interviewing"]),
    ("Change management", "Helping an organisation through change.", ["managing change"]),
    ("Strategic planning", "Choosing where to play and how to win.", ["strategy"]),
    ("Decision making", "Making good calls under uncertainty.", ["decision-making"]),
    ("Problem solving", "Structuring and solving problems.", ["problem-solving"]),
    ("Time management", "Prioritising and protecting focus.", ["prioritisation", "prioritization"]),
    ("Facilitation", "Running workshops and meetings well.", ["workshop facilitation"]),
    ("Emotional intelligence", "Understanding and managing emotions.", ["eq"]),
    ("Sales", "Finding and winning customers.", ["selling"]),
    ("Account management", "Growing relationships with customers.", ["key account management"]),
    ("Customer success", "Helping customers get value.", ["customer experience", "cx"]),
    ("Marketing", "Bringing products to market.", []),
    ("Digital marketing", "Marketing online.", ["online marketing"]),
    ("Search engine optimisation", "Being found in search.", ["seo", "search engine optimization"]),
    ("Content strategy", "Planning content that serves a purpose.", ["content marketing"]),
    ("Brand management", "Building and protecting a brand.", ["branding"]),
    ("Market research", "Understanding markets and customers.", []),
    ("Business analysis", "Turning needs into requirements.", ["requirements analysis", "ba"]),
    ("Process improvement", "Making work flow better.", ["lean", "six sigma", "continuous improvement"]),
    ("Operations management", "Running day-to-day operations.", ["operations"]),
    ("Supply chain management", "Sourcing, making and delivering goods.", ["supply chain", "logistics"]),
    ("Procurement", "Buying goods and services well.", ["purchasing", "sourcing"]),
    ("Risk management", "Identifying and reducing risk.", ["risk"]),
    ("Compliance", "Meeting regulatory obligations.", ["regulatory compliance"]),
    ("Contract law", "Drafting and reviewing contracts.", ["contracts"]),
    ("Data protection", "Privacy law and practice.", ["gdpr", "privacy"]),
    ("Employment law", "The law of employment.", []),
    ("Diversity and inclusion", "Building an inclusive workplace.", ["d&i", "dei", "inclusion"]),
    ("Learning and development", "Designing how people learn at work.", ["l&d", "training"]),
    ("Excel", "Spreadsheets in Microsoft Excel.", ["microsoft excel", "spreadsheets"]),
    ("Design thinking", "Human-centred problem solving.", []),
    ("Networking", "Building professional relationships.", ["professional networking"]),
    ("Career development", "Planning a career.", ["career planning"]),
    ("Cross-cultural communication", "Working across cultures.", ["intercultural communication"]),
    ("Remote team leadership", "Leading people you rarely see.", ["leading remote teams", "remote leadership"]),
]


def _normalise(text):
    return re.sub(r"\s+", " ", text.strip().lower())


def seed(apps, schema_editor):
    Language = apps.get_model("people", "Language")
    Skill = apps.get_model("people", "Skill")
    SkillAlias = apps.get_model("people", "SkillAlias")
    # The database being migrated, which is not always the default one (move-to-postgres).
    db = schema_editor.connection.alias
    for code, name in LANGUAGES:
        Language.objects.using(db).update_or_create(code=code, defaults={"name": name})
    for name, description, aliases in SKILLS:
        skill = Skill.objects.using(db).filter(name__iexact=name).first()
        if skill is None:
            skill = Skill.objects.using(db).create(
                name=name, slug=slugify(name), description=description
            )
        for alias in aliases:
            SkillAlias.objects.using(db).get_or_create(
                alias=_normalise(alias), defaults={"skill": skill}
            )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_importjob")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
