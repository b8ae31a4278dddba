"""The editor's fields read as the server's rules read them (the same limits, the same names)."""

from __future__ import annotations

from talenttui.api.models.profiles import Profile
from talenttui.tui.company_form import COMPANY_FIELDS, parse_required_skills
from talenttui.tui.profile_form import (
    FIELDS,
    FormValues,
    field_of,
    first_run_changes,
    read_form,
    values_of,
)

SARAH = Profile(
    id="user_123",
    name="Sarah Johnson",
    title="Developer",
    skills=[{"name": "React", "level": "expert", "years": 5}],
    social_links={"github": "https://github.com/sarah", "blog": "https://sarah.example"},
)


def test_a_profile_read_back_from_its_own_form_changes_nothing_but_what_was_typed() -> None:
    values = values_of(SARAH)
    values.social_links = "github https://github.com/sarah"
    values.skills += "\nSQL, advanced, 2.5\nDocker"
    result = read_form(values, SARAH)
    assert result.errors == {} and result.changes is not None
    body = result.changes.body()
    assert body["skills"] == [
        {"name": "React", "level": "expert", "years": 5},
        {"name": "SQL", "level": "advanced", "years": 2.5},
        {"name": "Docker", "level": "beginner", "years": 0},
    ]
    assert body["social_links"] == {"github": "https://github.com/sarah", "blog": None}
    assert body["preferences"]["salary_range"] is None


def test_each_rule_names_its_field() -> None:
    values = FormValues(
        name=" ",
        experience_years="61",
        skills="React, guru, 1\nreact, expert",
        role_types="full-time, gig",
        salary_min="90000",
        salary_max="80000",
        social_links="GitHub https://github.com/x\n",
    )
    result = read_form(values)
    assert result.changes is None
    assert result.errors == {
        "name": "a name is required",
        "experience_years": "a whole number from 0 to 60",
        "skills": "line 1: level is one of beginner, intermediate, advanced, expert",
        "preferences.role_types": (
            "'gig' is not one of full-time, part-time, contract, freelance, internship"
        ),
        "preferences.salary_range": "min is greater than max",
        "social_links": "line 1: a name is lower-case letters, digits, _ (github)",
    }
    values = FormValues(
        name="X", skills="React\nreact", currency="usd1", salary_min="1", salary_max="2"
    )
    assert read_form(values).errors == {
        "skills": "line 2: react is listed twice",
        "preferences.salary_range": "the currency is three letters (USD, EUR)",
    }


def test_the_servers_field_paths_map_to_form_fields() -> None:
    assert field_of("skills[2].level") == "skills"
    assert field_of("preferences.salary_range.min") == "preferences.salary_range"
    assert field_of("social_links.github") == "social_links"
    assert field_of("name") == "name"
    assert field_of("avatar") is None
    assert field_of("skills[0].name", ("title", "skills", "location")) == "skills"
    company = FIELDS + COMPANY_FIELDS
    assert field_of("role.salary_range.min", company) == "role.salary_range"
    assert field_of("required_skills[1].importance", company) == "required_skills"
    assert field_of("role", company) == "role.title"
    assert field_of("preferences", company) == "preferences.role_types"


def test_required_skills_read_as_skills_with_an_importance() -> None:
    skills, problem = parse_required_skills("Python, advanced, 4, 0.9\n\nSQL")
    assert problem is None
    assert [(s.name, s.min_level, s.min_years, s.importance) for s in skills] == [
        ("Python", "advanced", 4, 0.9),
        ("SQL", "beginner", 0, 1.0),
    ]
    assert parse_required_skills("Go\n\ngo")[1] == "line 3: go is listed twice"
    assert parse_required_skills("Go, guru")[1] == (
        "line 1: level is one of beginner, intermediate, advanced, expert"
    )
    assert parse_required_skills("Go, expert, 1, high")[1] == (
        "line 1: importance is a number from 0 to 1"
    )
    assert parse_required_skills("Go, expert, 1, 1, 5")[1] == (
        "line 1: write name, min level, min years, importance"
    )


def test_first_run_needs_a_title_and_a_skill() -> None:
    assert first_run_changes("", "", "").errors == {
        "title": "a title is required (what you do, e.g. Backend Developer)",
        "skills": "name at least one skill (React, SQL, …)",
    }
    result = first_run_changes(" Backend Developer ", "Python, SQL,, ", "Berlin")
    assert result.changes is not None and result.changes.body() == {
        "title": "Backend Developer",
        "location": "Berlin",
        "skills": [
            {"name": "Python", "level": "intermediate", "years": 0},
            {"name": "SQL", "level": "intermediate", "years": 0},
        ],
    }
