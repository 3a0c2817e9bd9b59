"""Who the demo people are: names as Stockholm's Jobbtorg meets them (Swedish names and those of
the city's newly arrived), ages that fit the target group the district referred them under,
personal identity numbers that agree with birth date and sex, and times of day in office
hours. Everything is drawn from fixed lists with a seeded generator, so the same index always
gives the same person; nothing is fetched from anywhere."""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone
from personnummer import personnummer

from jobbtorg.engines.rules import deadlines


@dataclass(frozen=True)
class Origin:
    """Names of one language area, with the interpreter language a newcomer may need."""

    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]
    interpreter: str = ""


SWEDISH = Origin(
    women=(
        "Anna",
        "Sara",
        "Elin",
        "Linnea",
        "Johanna",
        "Emma",
        "Malin",
        "Petra",
        "Klara",
        "Ida",
        "Ebba",
        "Maja",
        "Helena",
        "Camilla",
        "Therese",
        "Susanne",
        "Jenny",
        "Frida",
        "Lena",
    ),
    men=(
        "Johan",
        "Erik",
        "Oskar",
        "Daniel",
        "Viktor",
        "Anton",
        "Mikael",
        "Fredrik",
        "Jonas",
        "Andreas",
        "Patrik",
        "Niklas",
        "Kristoffer",
        "Magnus",
        "Tobias",
        "Marcus",
        "Stefan",
    ),
    surnames=(
        "Andersson",
        "Johansson",
        "Karlsson",
        "Nilsson",
        "Eriksson",
        "Larsson",
        "Olsson",
        "Persson",
        "Svensson",
        "Gustafsson",
        "Lindqvist",
        "Berg",
        "Holm",
        "Sjöberg",
        "Wallin",
        "Engström",
        "Forsberg",
        "Åberg",
        "Lindgren",
        "Sandberg",
        "Björk",
        "Norberg",
        "Hedlund",
    ),
)
ARABIC = Origin(
    women=("Amira", "Fatima", "Leila", "Hiba", "Dalia", "Rania", "Nour", "Yasmin", "Huda", "Rasha"),
    men=("Mohammed", "Ahmed", "Omar", "Karim", "Samir", "Bilal", "Tariq", "Khaled", "Yousef"),
    surnames=("Hassan", "Haddad", "Saleh", "Nasser", "Mahmoud", "Al-Khatib", "Suleiman", "Darwish"),
    interpreter="arabiska",
)
SOMALI = Origin(
    women=("Hodan", "Sahra", "Nasra", "Ayan", "Fadumo", "Hibaq", "Khadra", "Ubah"),
    men=("Abdi", "Abdirahman", "Mahad", "Liban", "Guled", "Farah", "Abdullahi", "Mustafe"),
    surnames=("Warsame", "Jama", "Osman", "Hussein", "Ismail", "Abdulle", "Yusuf", "Egal"),
    interpreter="somaliska",
)
TIGRINYA = Origin(
    women=("Senait", "Helen", "Luwam", "Selam", "Rahwa", "Yordanos"),
    men=("Yonas", "Dawit", "Tesfay", "Filmon", "Samuel", "Biniam"),
    surnames=("Tesfamariam", "Gebremedhin", "Haile", "Berhane", "Kidane", "Woldu"),
    interpreter="tigrinja",
)
DARI = Origin(
    women=("Zahra", "Mariam", "Shabnam", "Farzana", "Setara", "Nilofar"),
    men=("Hamid", "Ali Reza", "Mustafa", "Jawad", "Farid", "Sayed"),
    surnames=("Rahimi", "Hosseini", "Ahmadi", "Mohammadi", "Sultani", "Jafari"),
    interpreter="dari",
)
PERSIAN = Origin(
    women=("Shirin", "Parisa", "Nasrin", "Mahsa", "Roya"),
    men=("Reza", "Babak", "Kaveh", "Arash", "Dariush"),
    surnames=("Karimi", "Tehrani", "Moradi", "Rostami", "Kazemi"),
    interpreter="persiska",
)
UKRAINIAN = Origin(
    women=("Olena", "Iryna", "Natalia", "Oksana", "Yuliia", "Kateryna"),
    men=("Oleksandr", "Andrii", "Serhii", "Dmytro", "Mykola", "Taras"),
    surnames=("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko"),
    interpreter="ukrainska",
)
TURKISH_KURDISH = Origin(
    women=("Elif", "Zeynep", "Ayse", "Berivan", "Rojda", "Dilan"),
    men=("Mehmet", "Emre", "Baran", "Serhat", "Zana", "Kemal"),
    surnames=("Yilmaz", "Demir", "Kaya", "Aydin", "Çelik", "Doğan"),
    interpreter="",
)
POLISH = Origin(
    women=("Agnieszka", "Katarzyna", "Magdalena", "Joanna"),
    men=("Tomasz", "Piotr", "Marek", "Paweł"),
    surnames=("Nowak", "Wójcik", "Kaczmarek", "Mazur"),
)
BOSNIAN = Origin(
    women=("Amela", "Lejla", "Emina", "Selma"),
    men=("Emir", "Adnan", "Edin", "Haris"),
    surnames=("Hodžić", "Begić", "Hasanović", "Kovačević"),
)
LATIN_AMERICAN = Origin(
    women=("Camila", "María", "Valentina", "Carolina"),
    men=("Diego", "Carlos", "Jorge", "Matías"),
    surnames=("González", "Rojas", "Muñoz", "Contreras"),
)
# Among people who have lived here long (most of groups a, b, f, g and Resurs).
SETTLED = (
    SWEDISH,
    SWEDISH,
    SWEDISH,
    ARABIC,
    SOMALI,
    TURKISH_KURDISH,
    POLISH,
    BOSNIAN,
    LATIN_AMERICAN,
    PERSIAN,
)
# Among the newly arrived (groups c and d).
NEWLY_ARRIVED = (ARABIC, SOMALI, TIGRINYA, DARI, UKRAINIAN, ARABIC, PERSIAN)
# Young people (group e): born here or arrived as children.
YOUNG = (SWEDISH, SWEDISH, ARABIC, SOMALI, TURKISH_KURDISH, LATIN_AMERICAN, DARI)

# Age at referral per target group (R4, R5): group e is 16–24 by definition; SFI students and
# newly arrived refugees are adults of working age; the others are adults of every age.
AGES = {
    "youth": (18, 24),
    "sfi_student": (22, 52),
    "refugee": (22, 55),
    "unemployed_assistance": (25, 62),
    "new_applicant_other": (25, 60),
    "long_term_other": (30, 62),
    "disability": (25, 60),
    "resurs": (30, 62),
}
ORIGINS = {"youth": YOUNG, "sfi_student": NEWLY_ARRIVED, "refugee": NEWLY_ARRIVED}


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    birth_date: dt.date
    personal_identity_number: str
    interpreter_language: str
    phone: str


# Where each kind's people start among the 500 serial numbers a birth date has here.
SERIAL_FROM = {"case": 0, "history": 50, "pool": 150}


def _number(born: dt.date, index: int, woman: bool) -> str:
    """A valid number for the birth date, one per index below 400 whatever the date; the
    serial's last digit is even for women, as in a real number."""
    stem = f"{born:%Y%m%d}{20 + index // 5:02d}{index % 5 * 2 + (0 if woman else 1)}"
    return next(stem + d for d in "0123456789" if personnummer.valid(stem + d))


def _name(rng: random.Random, origins: tuple[Origin, ...]) -> tuple[Origin, bool, str, str]:
    origin = rng.choice(origins)
    woman = rng.random() < 0.5
    return (
        origin,
        woman,
        rng.choice(origin.women if woman else origin.men),
        rng.choice(origin.surnames),
    )


def young_name(n: int) -> tuple[str, str, bool]:
    """The n-th young person's first and last name, and whether she is a woman (the summer
    jobs' applicants)."""
    _, woman, first, last = _name(random.Random(f"jobbtorg-demo-young-{n}"), YOUNG)
    return first, last, woman


def demo_person(kind: str, n: int, target_group: str, on: dt.date) -> DemoPerson:
    """The n-th person of a kind ("case", "history", "pool"), of an age that fits the target
    group on the day `on` (the referral, or for the pool the month they are compared in)."""
    rng = random.Random(f"jobbtorg-demo-{kind}-{n}")
    low, high = AGES[target_group]
    origin, woman, first, last = _name(rng, ORIGINS.get(target_group, SETTLED))
    # Born in the year that makes them `age` or `age + 1` on `on`, whatever the day; only the
    # year of `on` counts, so the same person (and number) comes back all year.
    age = rng.randint(low, high - 1)
    born = dt.date(on.year - age - 1, 1, 1) + dt.timedelta(days=rng.randint(1, 364))
    # The serial keeps everyone apart, so that no two demo people share a number.
    number = _number(born, SERIAL_FROM[kind] + n, woman)
    newly_arrived = ORIGINS.get(target_group) is NEWLY_ARRIVED
    interpreter = origin.interpreter if newly_arrived and rng.random() < 0.6 else ""
    phone = f"07{rng.choice('023669')}-{rng.randint(100, 999)} {rng.randint(10, 99)} " + (
        f"{rng.randint(10, 99)}"
    )
    return DemoPerson(first, last, born, number, interpreter, phone)


def pool_number(n: int, born: dt.date) -> str:
    """The number of the n-th person of the comparison pool, born on `born`."""
    return _number(
        born, SERIAL_FROM["pool"] + n, random.Random(f"jobbtorg-demo-pool-{n}").random() < 0.5
    )


def working_day_on_or_before(day: dt.date) -> dt.date:
    while not deadlines.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def office_time(day: dt.date, seed: str, *, earliest: int = 8, latest: int = 16) -> dt.datetime:
    """A moment in office hours on the working day on or before `day` (seeded: the same seed
    gives the same time), in the city's time zone."""
    rng = random.Random(f"jobbtorg-demo-time-{seed}")
    minutes = rng.randint(earliest * 60, latest * 60 + 30)
    moment = dt.datetime.combine(
        working_day_on_or_before(day), dt.time(minutes // 60, minutes % 60)
    )
    return min(timezone.make_aware(moment), timezone.now())
