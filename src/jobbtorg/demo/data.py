"""The demo: one account per role and a few fictional people, for `make run`.

Every person here is invented; their numbers are chosen to pass the checksum, nothing more.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from jobbtorg.core.roles import Role

DEMO_PASSWORD = "jobbtorg-demo"
DEMO_PROVIDER_SLUG = "demo-anordnare"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    first_name: str
    last_name: str
    job_centre: str | None = None
    district: str | None = None
    provider: str | None = None
    # Shown on the login page: what the account is also designated for (demo/lex_sarah.py).
    designation: Any = ""


DEMO_USERS = [
    DemoUser("coach", Role.COACH, "Cecilia", "Coach", job_centre="sydost"),
    DemoUser("matchare", Role.MATCHER, "Mats", "Matchare", job_centre="sydost"),
    DemoUser(
        "chef",
        Role.MANAGER,
        "Karin",
        "Chef",
        job_centre="sydost",
        designation=_("lex Sarah officer at Jobbtorg Sydost"),
    ),
    DemoUser("handlaggare", Role.DISTRICT_OFFICER, "Hanna", "Handläggare", district="farsta"),
    DemoUser("anordnare", Role.PROVIDER_STAFF, "Ali", "Anordnare", provider=DEMO_PROVIDER_SLUG),
    DemoUser("analytiker", Role.ANALYST, "Anna", "Analytiker"),
    DemoUser("admin", Role.ADMINISTRATOR, "Adam", "Administratör"),
    # The city's lex Sarah officer: an analyst's account designated city-wide.
    DemoUser(
        "lexsarah", Role.ANALYST, "Lena", "Lexsarah", designation=_("lex Sarah officer, city-wide")
    ),
    # A coach and a district officer at every other Jobbtorg: staff see only their own people.
    DemoUser("coach-sydvast", Role.COACH, "Sofia", "Sydvästcoach", job_centre="sydvast"),
    DemoUser("coach-innerstaden", Role.COACH, "Ivar", "Innerstadscoach", job_centre="innerstaden"),
    DemoUser("coach-vasterort", Role.COACH, "Vera", "Västerortscoach", job_centre="vasterort"),
    DemoUser("coach-jarva", Role.COACH, "Jonas", "Järvacoach", job_centre="jarva"),
    DemoUser(
        "handlaggare-skarholmen",
        Role.DISTRICT_OFFICER,
        "Stina",
        "Handläggare",
        district="skarholmen",
    ),
    DemoUser(
        "handlaggare-sodermalm", Role.DISTRICT_OFFICER, "Olle", "Handläggare", district="sodermalm"
    ),
    DemoUser(
        "handlaggare-bromma", Role.DISTRICT_OFFICER, "Berit", "Handläggare", district="bromma"
    ),
    DemoUser(
        "handlaggare-rinkeby",
        Role.DISTRICT_OFFICER,
        "Rana",
        "Handläggare",
        district="rinkeby-kista",
    ),
]

# Where the demo people live and who works with them: (coach, district officer) per Jobbtorg.
DEMO_TEAMS = [
    ("coach", "handlaggare"),
    ("coach-sydvast", "handlaggare-skarholmen"),
    ("coach-innerstaden", "handlaggare-sodermalm"),
    ("coach-vasterort", "handlaggare-bromma"),
    ("coach-jarva", "handlaggare-rinkeby"),
]

# Every stage of the path, once at each Jobbtorg, so that a newcomer sees the whole path.
DEMO_STAGES = [
    "no_slot",  # referred, no free intake time within 5 working days
    "referred",  # referred, first meeting booked
    "plan_overdue",  # met 10 working days ago, no plan yet
    "plan_awaiting_approval",
    "active",
    "interrupted",
    "near_18_months",
    "exited_to_work",
    "exited_to_studies",
]

DEMO_NAMES = [
    ("Amira", "Hassan"),
    ("Johan", "Lindqvist"),
    ("Sara", "Nilsson"),
    ("Mohammed", "Ali"),
    ("Elin", "Berg"),
    ("Yusuf", "Abdi"),
    ("Fatima", "Omar"),
    ("Kevin", "Andersson"),
    ("Maria", "Gonzalez"),
    ("Leila", "Karimi"),
    ("Oskar", "Holm"),
    ("Nadia", "Petrović"),
    ("Ahmed", "Yilmaz"),
    ("Linnea", "Ek"),
    ("Samir", "Haddad"),
    ("Hiba", "Mahmoud"),
    ("Erik", "Sjöberg"),
    ("Aisha", "Warsame"),
    ("Daniel", "Mattsson"),
    ("Zainab", "Jama"),
    ("Petra", "Lund"),
    ("Ibrahim", "Said"),
    ("Tova", "Engström"),
    ("Hamid", "Rahimi"),
    ("Julia", "Forsberg"),
    ("Omar", "Farah"),
    ("Klara", "Åberg"),
    ("Reza", "Hosseini"),
    ("Mira", "Öberg"),
    ("Abdi", "Hussein"),
    ("Lisa", "Wallin"),
    ("Tariq", "Aziz"),
    ("Ebba", "Strand"),
    ("Nasra", "Ismail"),
    ("Viktor", "Blom"),
    ("Dalia", "Saleh"),
    ("Anton", "Hedlund"),
    ("Sahra", "Mohamed"),
    ("Maja", "Lindgren"),
    ("Karim", "Nasser"),
    ("Ida", "Sandberg"),
    ("Bilal", "Khan"),
    ("Ella", "Björk"),
    ("Hassan", "Osman"),
    ("Wilma", "Norberg"),
]
