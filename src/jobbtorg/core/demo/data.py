"""The demo: one account per role and a few fictional people, for `make run`.

Every person here is invented; their numbers are chosen to pass the checksum, nothing more.
"""

from dataclasses import dataclass

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


DEMO_USERS = [
    DemoUser("coach", Role.COACH, "Cecilia", "Coach", job_centre="sydost"),
    DemoUser("matchare", Role.MATCHER, "Mats", "Matchare", job_centre="sydost"),
    DemoUser("chef", Role.MANAGER, "Karin", "Chef", job_centre="sydost"),
    DemoUser("handlaggare", Role.DISTRICT_OFFICER, "Hanna", "Handläggare", district="farsta"),
    DemoUser("anordnare", Role.PROVIDER_STAFF, "Ali", "Anordnare", provider=DEMO_PROVIDER_SLUG),
    DemoUser("analytiker", Role.ANALYST, "Anna", "Analytiker"),
    DemoUser("admin", Role.ADMINISTRATOR, "Adam", "Administratör"),
    # A second Jobbtorg and district, to show that staff see only their own people.
    DemoUser("coach-jarva", Role.COACH, "Jonas", "Järvacoach", job_centre="jarva"),
    DemoUser(
        "handlaggare-rinkeby",
        Role.DISTRICT_OFFICER,
        "Rana",
        "Handläggare",
        district="rinkeby-kista",
    ),
    DemoUser(
        "handlaggare-skarpnack", Role.DISTRICT_OFFICER, "Sven", "Handläggare", district="skarpnack"
    ),
]

# (date and serial of the personnummer without its control digit, first name, last name, officer)
DEMO_PEOPLE = [
    ("19850312-123", "Amira", "Hassan", "handlaggare"),
    ("19920704-456", "Johan", "Lindqvist", "handlaggare"),
    ("20010915-234", "Sara", "Nilsson", "handlaggare"),
    ("19781122-567", "Mohammed", "Ali", "handlaggare"),
    ("19990228-345", "Elin", "Berg", "handlaggare-skarpnack"),
    ("19880517-678", "Yusuf", "Abdi", "handlaggare-skarpnack"),
    ("19950830-789", "Fatima", "Omar", "handlaggare-rinkeby"),
    ("20030111-890", "Kevin", "Andersson", "handlaggare-rinkeby"),
    ("19700625-901", "Maria", "Gonzalez", "handlaggare-rinkeby"),
]
