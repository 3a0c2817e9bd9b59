"""Import of JobSearch-format ads: every real one in ../shared/data imports with its occupation
and skills mapped; bad ads are refused naming the field, and write nothing."""

import copy
import json

import pytest
from django.core.management import call_command

from jobbtorg.matching.models import Employer, Extent, Vacancy, VacancySource
from jobbtorg.matching.services.ads import UnusableFile, ads_import, ads_of
from tests.matching.shared_data import JOBSEARCH_ADS, jobsearch_ads

pytestmark = pytest.mark.django_db

# What each fixture ad must become: SSYK code, occupation, required / desired skills and
# languages (labels as in the taxonomy).
EXPECTED = {
    "23174210": {
        "ssyk": "2512",
        "occupation": "Backend-utvecklare",
        "required_skills": {"Java, programmeringsspråk"},
        "desired_skills": {"JavaScript, programmeringsspråk"},
        "required_languages": {"Engelska"},
        "desired_languages": {"Finska"},
    },
    "23187561": {
        "ssyk": "2512",
        "occupation": "Systemutvecklare/Programmerare",
        "required_skills": set(),
        "desired_skills": set(),
        "required_languages": set(),
        "desired_languages": set(),
    },
    "22884504": {
        # Deprecated occupation name: mapped through its group 4323.
        "ssyk": "4323",
        "occupation": None,
        "required_skills": set(),
        "desired_skills": set(),
        "required_languages": {"Engelska"},
        "desired_languages": {"Svenska"},
    },
}


def _facts(vacancy):
    skills = list(vacancy.skills.select_related("skill"))
    languages = list(vacancy.languages.select_related("language"))
    return {
        "ssyk": vacancy.occupation.ssyk_code,
        "required_skills": {s.skill.label_sv for s in skills if s.required},
        "desired_skills": {s.skill.label_sv for s in skills if not s.required},
        "required_languages": {la.language.label_sv for la in languages if la.required},
        "desired_languages": {la.language.label_sv for la in languages if not la.required},
    }


def test_every_real_jobsearch_ad_imports_with_occupation_and_skills_mapped():
    ads = jobsearch_ads()
    assert len(ads) == 3
    results = ads_import(ads)
    assert [r.outcome for r in results] == ["imported"] * 3, [r.reasons for r in results]
    for ad_id, expected in EXPECTED.items():
        vacancy = Vacancy.objects.get(source=VacancySource.JOBSEARCH, source_ref=ad_id)
        facts = _facts(vacancy)
        if expected["occupation"]:
            assert vacancy.occupation.label_sv == expected["occupation"]
        for key in ("ssyk", "required_skills", "desired_skills"):
            assert facts[key] == expected[key], (ad_id, key)
        assert facts["required_languages"] == expected["required_languages"], ad_id
        assert facts["desired_languages"] == expected["desired_languages"], ad_id


def test_the_facts_of_an_ad_land_on_the_vacancy():
    ads_import(jobsearch_ads())
    trafik = Vacancy.objects.get(source_ref="22884504")
    assert trafik.licence == "D"
    assert trafik.extent == Extent.FULL
    assert trafik.duration == "Tillsvidare"
    assert trafik.apply_by.isoformat() == "2019-04-15"
    assert "KIRUNA" in trafik.address.upper()
    assert trafik.district is None  # not in Stockholm municipality
    assert trafik.employer.organisation_number == "5569616161"
    java = Vacancy.objects.get(source_ref="23187561")
    assert java.openings == 10
    # Municipality 0180 but city Nacka: no district is guessed.
    assert Vacancy.objects.get(source_ref="23174210").district is None


def test_a_deprecated_occupation_is_reported_as_a_warning():
    results = {r.ad_id: r for r in ads_import(jobsearch_ads())}
    assert any("2sRC_oHm_7XA" in w for w in results["22884504"].warnings)
    assert results["22884504"].ssyk_code == "4323"


def test_an_invalid_organisation_number_keeps_the_employer_without_it():
    ad = copy.deepcopy(jobsearch_ads()[0])
    ad["employer"]["organization_number"] = "5569616162"  # wrong check digit
    [result] = ads_import([ad])
    assert result.outcome == "imported"
    assert any("organization_number" in w for w in result.warnings)
    employer = Employer.objects.get(external_id=ad["employer"]["id"])
    assert employer.organisation_number == ""


def test_import_is_idempotent():
    first = ads_import(jobsearch_ads())
    second = ads_import(jobsearch_ads())
    assert [r.outcome for r in first] == ["imported"] * 3
    assert [r.outcome for r in second] == ["updated"] * 3
    assert Vacancy.objects.filter(source=VacancySource.JOBSEARCH).count() == 3
    assert Employer.objects.count() == 3
    assert [r.vacancy_id for r in first] == [r.vacancy_id for r in second]


def test_a_changed_ad_updates_its_vacancy():
    ads_import(jobsearch_ads())
    ad = copy.deepcopy(jobsearch_ads()[1])
    ad["number_of_vacancies"] = 3
    ad["nice_to_have"]["skills"] = [{"concept_id": "", "label": "Java"}]
    [result] = ads_import([ad])
    assert result.outcome == "updated"
    vacancy = Vacancy.objects.get(source_ref="23187561")
    assert vacancy.openings == 3
    assert _facts(vacancy)["desired_skills"] == {"Java, programmeringsspråk"}


def test_an_ad_without_occupation_is_refused_naming_the_field_and_nothing_is_written():
    ad = copy.deepcopy(jobsearch_ads()[0])
    del ad["occupation"]
    del ad["occupation_group"]
    [result] = ads_import([ad])
    assert result.outcome == "refused"
    assert result.reasons == ["ad 23174210: occupation: missing"]
    assert not Vacancy.objects.exists()
    assert not Employer.objects.exists()


def test_an_unknown_concept_id_is_refused_naming_the_field_and_nothing_is_written():
    ad = copy.deepcopy(jobsearch_ads()[0])
    ad["occupation"]["concept_id"] = "xyz"
    ad["occupation_group"] = {"concept_id": "nope", "legacy_ams_taxonomy_id": "9999"}
    [result] = ads_import([ad])
    assert result.outcome == "refused"
    assert result.reasons == [
        'ad 23174210: occupation.concept_id "xyz" is not in the taxonomy (nor its occupation_group)'
    ]
    assert not Vacancy.objects.exists()
    assert not Employer.objects.exists()


def test_a_refused_ad_does_not_stop_the_others():
    ads = jobsearch_ads()
    del ads[1]["occupation"]
    del ads[1]["occupation_group"]
    results = ads_import(ads)
    assert [r.outcome for r in results] == ["imported", "refused", "imported"]
    assert Vacancy.objects.count() == 2


def test_unknown_skills_are_reported_not_invented():
    ad = copy.deepcopy(jobsearch_ads()[0])
    ad["must_have"]["skills"].append({"concept_id": "made_up_id", "label": "Kvantflöjtspel"})
    [result] = ads_import([ad])
    assert result.outcome == "imported"
    assert any("Kvantflöjtspel" in w for w in result.warnings)
    assert _facts(Vacancy.objects.get())["required_skills"] == {"Java, programmeringsspråk"}


def test_dry_run_writes_nothing_but_reports_the_same():
    results = ads_import(jobsearch_ads(), dry_run=True)
    assert [r.outcome for r in results] == ["imported"] * 3
    assert not Vacancy.objects.exists()
    assert not Employer.objects.exists()


@pytest.mark.parametrize("data", [[], {"foo": 1}, 3, "text", [1, 2]])
def test_data_without_ads_is_unusable(data):
    with pytest.raises(UnusableFile):
        ads_of(data)


# The command


def _run(*args):
    import io

    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("matching", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_command_imports_every_real_ad_and_exits_0():
    code, out, _err = _run("import-ads", str(JOBSEARCH_ADS))
    assert code == 0
    assert "3 ads: 3 imported, 0 updated, 0 refused" in out
    assert "ad 22884504: imported" in out
    assert Vacancy.objects.count() == 3
    code, out, _err = _run("import-ads", str(JOBSEARCH_ADS))
    assert code == 0 and "0 imported, 3 updated" in out


def test_command_exits_1_when_some_are_refused(tmp_path):
    ads = jobsearch_ads()
    del ads[0]["occupation"]
    del ads[0]["occupation_group"]
    path = tmp_path / "ads.json"
    path.write_text(json.dumps(ads), encoding="utf-8")
    code, out, _err = _run("import-ads", str(path))
    assert code == 1
    assert "ad 23174210: refused" in out
    assert "ad 23174210: occupation: missing" in out
    assert Vacancy.objects.count() == 2


def test_command_exits_2_on_a_file_that_is_not_json_or_not_ads(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    code, _out, err = _run("import-ads", str(broken))
    assert code == 2 and "not JSON" in err
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"name": "x"}), encoding="utf-8")
    code, _out, err = _run("import-ads", str(other))
    assert code == 2 and "no JobSearch ads" in err
    assert not Vacancy.objects.exists()


def test_command_dry_run_writes_nothing():
    code, out, _err = _run("import-ads", str(JOBSEARCH_ADS), "--dry-run")
    assert code == 0
    assert "would be imported" in out and "dry run" in out
    assert not Vacancy.objects.exists()


def test_command_as_a_matcher_records_who_registered(staff):
    code, _out, _err = _run("import-ads", str(JOBSEARCH_ADS), "--as", "matcher-sydost")
    assert code == 0
    vacancy = Vacancy.objects.get(source_ref="23174210")
    assert vacancy.created_by == staff.matcher_sydost
    assert vacancy.made_at == staff.matcher_sydost.job_centre


def test_command_as_an_officer_is_refused(staff):
    code, _out, err = _run("import-ads", str(JOBSEARCH_ADS), "--as", "officer-farsta")
    assert code == 2 and "may not register" in err
    assert not Vacancy.objects.exists()
