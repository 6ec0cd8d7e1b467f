from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tandem.people.models import ImportJob, Person, PersonSkill, Skill, known_timezones
from tandem.people.selectors import manager_choice_problem, person_by_email
from tandem.people.terms import LanguageLookup, SkillEntry, TermError, parse_skill_entry
from tandem.people.visibility import visible_fields

LEVEL_CHOICES = [level for level, _ in PersonSkill.Level.choices]


class SkillSerializer(serializers.ModelSerializer[Skill]):
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Skill
        fields = ["id", "name", "slug", "description", "aliases"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, skill: Skill) -> list[str]:
        return [alias.alias for alias in skill.aliases.all()]


class PersonSkillSerializer(serializers.Serializer[Any]):
    skill = serializers.CharField(max_length=100, help_text="A skill name or alias.")
    level = serializers.ChoiceField(
        choices=PersonSkill.Level.choices,
        default=PersonSkill.Level.WORKING,
        help_text="1 learning, 2 working knowledge, 3 advanced, 4 expert.",
    )


class PersonSerializer(serializers.ModelSerializer[Person]):
    """A person as the requesting user may see them: hidden fields are null."""

    department = serializers.CharField(source="department.name", allow_null=True, default=None)
    languages = serializers.SerializerMethodField()
    manager = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "job_title",
            "department",
            "location",
            "timezone",
            "languages",
            "manager",
            "bio",
            "skills",
            "interests",
        ]
        extra_kwargs = {field: {"allow_null": True} for field in fields if field != "id"}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_languages(self, person: Person) -> list[str]:
        return sorted(language.code for language in person.languages.all())

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_manager(self, person: Person) -> int | None:
        return person.manager_id

    @extend_schema_field(PersonSkillSerializer(many=True))
    def get_skills(self, person: Person) -> list[dict[str, Any]]:
        return [
            {"skill": ps.skill.name, "level": ps.level}
            for ps in sorted(person.person_skills.all(), key=lambda ps: (-ps.level, ps.skill.name))
        ]

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        shown = visible_fields(instance, self.context["request"].user)
        for name in list(data):
            if name not in {"id", "name"} and name not in shown:
                data[name] = None
        return data


class MyProfileSerializer(serializers.Serializer[Person]):
    """The signed-in user's own profile; PATCH any subset of the fields."""

    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    name = serializers.CharField(max_length=150)
    job_title = serializers.CharField(max_length=150, allow_blank=True)
    department = serializers.CharField(max_length=120, allow_blank=True, allow_null=True)
    location = serializers.CharField(max_length=150, allow_blank=True)
    timezone = serializers.CharField(max_length=64, help_text="IANA name, e.g. Europe/London.")
    languages = serializers.ListField(
        child=serializers.CharField(max_length=80), help_text="ISO 639-1 codes."
    )
    manager_email = serializers.EmailField(allow_blank=True, allow_null=True)
    bio = serializers.CharField(allow_blank=True)
    skills = PersonSkillSerializer(many=True)
    interests = serializers.CharField(allow_blank=True)
    birthday = serializers.DateField(allow_null=True)
    celebrate_birthday = serializers.BooleanField()
    work_anniversary = serializers.DateField(allow_null=True)
    celebrate_work_anniversary = serializers.BooleanField()
    visible_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=Person.VISIBLE_FIELD_CHOICES)
    )
    profile_completed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def to_representation(self, instance: Person) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "email": instance.email,
            "name": instance.name,
            "job_title": instance.job_title,
            "department": instance.department.name if instance.department else None,
            "location": instance.location,
            "timezone": instance.timezone,
            "languages": sorted(language.code for language in instance.languages.all()),
            "manager_email": instance.manager.email if instance.manager else None,
            "bio": instance.bio,
            "skills": [
                {"skill": ps.skill.name, "level": ps.level}
                for ps in instance.person_skills.select_related("skill")
            ],
            "interests": instance.interests,
            "birthday": instance.birthday.isoformat() if instance.birthday else None,
            "celebrate_birthday": instance.celebrate_birthday,
            "work_anniversary": (
                instance.work_anniversary.isoformat() if instance.work_anniversary else None
            ),
            "celebrate_work_anniversary": instance.celebrate_work_anniversary,
            "visible_fields": instance.visible_fields,
            "profile_completed_at": (
                instance.profile_completed_at.isoformat() if instance.profile_completed_at else None
            ),
        }

    def validate_timezone(self, value: str) -> str:
        if value not in known_timezones():
            raise serializers.ValidationError(
                _("“%(value)s” is not a known IANA time zone, e.g. Europe/London.")
                % {"value": value}
            )
        return value

    def validate_languages(self, value: list[str]) -> list[Any]:
        lookup = LanguageLookup()
        unknown = [code for code in value if lookup.find(code) is None]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown language code(s): %(codes)s. Use ISO 639-1 codes.")
                % {"codes": ", ".join(unknown)}
            )
        return list(
            {language.pk: language for code in value if (language := lookup.find(code))}.values()
        )

    def validate_skills(self, value: list[dict[str, Any]]) -> list[SkillEntry]:
        entries: dict[str, SkillEntry] = {}
        for item in value:
            try:
                entry = parse_skill_entry(item["skill"])
            except TermError as exc:
                raise serializers.ValidationError(str(exc)) from exc
            entries[entry.term] = SkillEntry(entry.name, int(item["level"]))
        return list(entries.values())

    def validate_manager_email(self, value: str | None) -> Person | None:
        if not value:
            return None
        manager = person_by_email(value)
        if manager is None:
            raise serializers.ValidationError(
                _("Nobody in the organisation has this email address.")
            )
        problem = manager_choice_problem(person=self.instance, manager=manager)  # type: ignore[arg-type]
        if problem:
            raise serializers.ValidationError(problem)
        return manager

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = self.instance
        assert isinstance(instance, Person)
        birthday = attrs.get("birthday", instance.birthday)
        if attrs.get("celebrate_birthday", instance.celebrate_birthday) and not birthday:
            raise serializers.ValidationError(
                {"birthday": _("Add your birthday so that it can be celebrated.")}
            )
        joined = attrs.get("work_anniversary", instance.work_anniversary)
        if (
            attrs.get("celebrate_work_anniversary", instance.celebrate_work_anniversary)
            and not joined
        ):
            raise serializers.ValidationError(
                {"work_anniversary": _("Add the date you joined to celebrate it.")}
            )
        if "manager_email" in attrs:
            attrs["manager"] = attrs.pop("manager_email")
        return attrs


class ImportJobSerializer(serializers.ModelSerializer[ImportJob]):
    percent = serializers.IntegerField(read_only=True)
    errors = serializers.ListField(  # type: ignore[assignment]
        child=serializers.DictField(), read_only=True, help_text="[{row, column, message}]"
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "filename",
            "status",
            "total_rows",
            "processed_rows",
            "percent",
            "error_count",
            "errors",
            "created_count",
            "updated_count",
            "unchanged_count",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="UTF-8 CSV; columns in docs/import.md.")

    def validate_file(self, upload: Any) -> Any:
        from tandem.people.forms import MAX_UPLOAD_BYTES

        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(_("The file is larger than 20 MB."))
        try:
            self.text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise serializers.ValidationError(_("The file is not UTF-8 text.")) from exc
        if not self.text.strip():
            raise serializers.ValidationError(_("The file is empty."))
        return upload
