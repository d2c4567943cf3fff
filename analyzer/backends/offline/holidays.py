"""Public-holiday calendars by country, so a proposed date can be checked against the partner's holidays.

Fixed-date holidays are (month, day, days long); moving ones (lunar, Islamic, Easter-based) are listed
per year for 2024-2029. Ranges are deliberately the core days when offices close or people travel, so a
hit is a real clash rather than a nearby date. Countries are recognised from the partner description
("Kitamura Precision (Japan, automotive parts)") by country, demonym or a major city.
"""

from __future__ import annotations

import datetime as dt
import re

D = dt.date


def _span(day: dt.date, before: int, after: int) -> tuple[dt.date, dt.date]:
    return day - dt.timedelta(days=before), day + dt.timedelta(days=after)


LUNAR_NEW_YEAR = {
    2024: D(2024, 2, 10),
    2025: D(2025, 1, 29),
    2026: D(2026, 2, 17),
    2027: D(2027, 2, 6),
    2028: D(2028, 1, 26),
    2029: D(2029, 2, 13),
}
MID_AUTUMN = {
    2024: D(2024, 9, 17),
    2025: D(2025, 10, 6),
    2026: D(2026, 9, 25),
    2027: D(2027, 9, 15),
    2028: D(2028, 10, 3),
    2029: D(2029, 9, 22),
}
RAMADAN = {
    2024: (D(2024, 3, 11), D(2024, 4, 9)),
    2025: (D(2025, 3, 1), D(2025, 3, 29)),
    2026: (D(2026, 2, 18), D(2026, 3, 19)),
    2027: (D(2027, 2, 8), D(2027, 3, 9)),
    2028: (D(2028, 1, 28), D(2028, 2, 25)),
    2029: (D(2029, 1, 16), D(2029, 2, 13)),
}
EID_AL_FITR = {y: r[1] + dt.timedelta(days=1) for y, r in RAMADAN.items()}
EID_AL_ADHA = {
    2024: D(2024, 6, 16),
    2025: D(2025, 6, 6),
    2026: D(2026, 5, 27),
    2027: D(2027, 5, 16),
    2028: D(2028, 5, 5),
    2029: D(2029, 4, 24),
}
EASTER = {
    2024: D(2024, 3, 31),
    2025: D(2025, 4, 20),
    2026: D(2026, 4, 5),
    2027: D(2027, 3, 28),
    2028: D(2028, 4, 16),
    2029: D(2029, 4, 1),
}
DIWALI = {
    2024: D(2024, 11, 1),
    2025: D(2025, 10, 21),
    2026: D(2026, 11, 8),
    2027: D(2027, 10, 29),
    2028: D(2028, 10, 17),
    2029: D(2029, 11, 5),
}
HOLI = {
    2024: D(2024, 3, 25),
    2025: D(2025, 3, 14),
    2026: D(2026, 3, 4),
    2027: D(2027, 3, 22),
    2028: D(2028, 3, 11),
    2029: D(2029, 3, 1),
}
CHUSEOK = {
    2024: D(2024, 9, 17),
    2025: D(2025, 10, 6),
    2026: D(2026, 9, 25),
    2027: D(2027, 9, 15),
    2028: D(2028, 10, 3),
    2029: D(2029, 9, 22),
}
ROSH_HASHANAH = {
    2024: D(2024, 10, 3),
    2025: D(2025, 9, 23),
    2026: D(2026, 9, 12),
    2027: D(2027, 10, 2),
    2028: D(2028, 9, 21),
    2029: D(2029, 9, 10),
}
YOM_KIPPUR = {y: d + dt.timedelta(days=9) for y, d in ROSH_HASHANAH.items()}
PASSOVER = {
    2024: D(2024, 4, 23),
    2025: D(2025, 4, 13),
    2026: D(2026, 4, 2),
    2027: D(2027, 4, 22),
    2028: D(2028, 4, 11),
    2029: D(2029, 3, 31),
}


MATARIKI = {
    2025: D(2025, 6, 20),
    2026: D(2026, 7, 10),
    2027: D(2027, 6, 25),
    2028: D(2028, 7, 14),
    2029: D(2029, 7, 6),
}


def _thanksgiving(year: int) -> dt.date:
    first = D(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def _carnival(year: int) -> tuple[dt.date, dt.date] | None:
    easter = EASTER.get(year)
    if not easter:
        return None
    tuesday = easter - dt.timedelta(days=47)
    return tuesday - dt.timedelta(days=4), tuesday + dt.timedelta(days=1)


def _fixed(month: int, day: int, length: int = 1):
    return lambda y: (D(y, month, day), D(y, month, day) + dt.timedelta(days=length - 1))


def _moving(table: dict, before: int = 0, after: int = 0):
    return lambda y: _span(table[y], before, after) if y in table else None


def _ranged(table: dict):
    return lambda y: table.get(y)


CHRISTMAS = ("Christmas", _fixed(12, 24, 3))
NEW_YEAR = ("New Year", _fixed(1, 1, 1))
EASTER_WEEK = ("Easter", _moving(EASTER, 3, 1))
HOLY_WEEK = ("Holy Week", _moving(EASTER, 3, 0))
LNY = ("Lunar New Year", _moving(LUNAR_NEW_YEAR, 1, 5))
RAMADAN_H = ("Ramadan", _ranged(RAMADAN))
EID_F = ("Eid al-Fitr", _moving(EID_AL_FITR, 0, 2))
EID_A = ("Eid al-Adha", _moving(EID_AL_ADHA, 0, 2))
MUSLIM = [RAMADAN_H, EID_F, EID_A]

CALENDARS: dict[str, list] = {
    "japan": [("Golden Week", _fixed(4, 29, 7)), ("Obon", _fixed(8, 13, 4)), ("New Year", _fixed(12, 29, 6))],
    "china": [
        ("Lunar New Year", _moving(LUNAR_NEW_YEAR, 1, 6)),
        ("Golden Week", _fixed(10, 1, 7)),
        ("Labour Day holiday", _fixed(5, 1, 5)),
        ("Mid-Autumn Festival", _moving(MID_AUTUMN, 0, 0)),
    ],
    "taiwan": [LNY, ("Mid-Autumn Festival", _moving(MID_AUTUMN, 0, 0))],
    "hong kong": [LNY, ("Mid-Autumn Festival", _moving(MID_AUTUMN, 0, 1)), CHRISTMAS, EASTER_WEEK],
    "singapore": [LNY, EID_F, ("Deepavali", _moving(DIWALI, 0, 0)), CHRISTMAS],
    "korea": [("Seollal", _moving(LUNAR_NEW_YEAR, 1, 1)), ("Chuseok", _moving(CHUSEOK, 1, 1))],
    "vietnam": [
        ("Tết", _moving(LUNAR_NEW_YEAR, 2, 5)),
        ("Reunification Day", _fixed(4, 30, 2)),
        ("National Day", _fixed(9, 2, 1)),
    ],
    "india": [
        ("Diwali", _moving(DIWALI, 1, 1)),
        ("Holi", _moving(HOLI, 0, 0)),
        ("Republic Day", _fixed(1, 26, 1)),
        ("Independence Day", _fixed(8, 15, 1)),
    ],
    "saudi arabia": MUSLIM + [("Saudi National Day", _fixed(9, 23, 1))],
    "uae": MUSLIM,
    "qatar": MUSLIM,
    "oman": MUSLIM,
    "kuwait": MUSLIM,
    "bahrain": MUSLIM,
    "jordan": MUSLIM,
    "egypt": MUSLIM,
    "morocco": MUSLIM,
    "pakistan": MUSLIM,
    "bangladesh": MUSLIM,
    "turkey": MUSLIM[1:],
    "indonesia": MUSLIM
    + [("Independence Day", _fixed(8, 17, 1)), ("Lunar New Year", _moving(LUNAR_NEW_YEAR, 0, 0))],
    "malaysia": MUSLIM + [LNY],
    "nigeria": [EID_F, EID_A, CHRISTMAS, EASTER_WEEK, ("Independence Day", _fixed(10, 1, 1))],
    "kenya": [CHRISTMAS, EASTER_WEEK, ("Jamhuri Day", _fixed(12, 12, 1)), ("Madaraka Day", _fixed(6, 1, 1))],
    "ghana": [CHRISTMAS, EASTER_WEEK],
    "south africa": [CHRISTMAS, EASTER_WEEK],
    "brazil": [("Carnival", _carnival), CHRISTMAS, NEW_YEAR, HOLY_WEEK],
    "mexico": [
        ("Semana Santa", _moving(EASTER, 3, 0)),
        ("Independence Day", _fixed(9, 16, 1)),
        ("Day of the Dead", _fixed(11, 1, 2)),
        CHRISTMAS,
        ("Guadalupe Day", _fixed(12, 12, 1)),
    ],
    "argentina": [("Carnival", _carnival), HOLY_WEEK, CHRISTMAS],
    "colombia": [HOLY_WEEK, CHRISTMAS],
    "norway": [
        EASTER_WEEK,
        ("Ascension Day", lambda y: _span(EASTER[y] + dt.timedelta(days=39), 0, 3) if y in EASTER else None),
        ("Constitution Day", _fixed(5, 17, 1)),
        CHRISTMAS,
    ],
    "kazakhstan": [("Nauryz", _fixed(3, 21, 3)), NEW_YEAR, ("Independence Day", _fixed(12, 16, 1))],
    "new zealand": [
        ("Matariki", _moving(MATARIKI, 0, 0)),
        ("Waitangi Day", _fixed(2, 6, 1)),
        ("ANZAC Day", _fixed(4, 25, 1)),
        CHRISTMAS,
        EASTER_WEEK,
    ],
    "ukraine": [("Independence Day", _fixed(8, 24, 1)), CHRISTMAS],
    "chile": [HOLY_WEEK, ("Fiestas Patrias", _fixed(9, 18, 2)), CHRISTMAS],
    "peru": [HOLY_WEEK, ("Fiestas Patrias", _fixed(7, 28, 2)), CHRISTMAS],
    "spain": [HOLY_WEEK, CHRISTMAS],
    "italy": [EASTER_WEEK, ("Ferragosto", _fixed(8, 15, 1)), CHRISTMAS],
    "germany": [EASTER_WEEK, CHRISTMAS, ("German Unity Day", _fixed(10, 3, 1))],
    "france": [EASTER_WEEK, CHRISTMAS, ("Bastille Day", _fixed(7, 14, 1)), ("Labour Day", _fixed(5, 1, 1))],
    "poland": [
        EASTER_WEEK,
        CHRISTMAS,
        ("Independence Day", _fixed(11, 11, 1)),
        ("All Saints' Day", _fixed(11, 1, 1)),
    ],
    "netherlands": [EASTER_WEEK, CHRISTMAS, ("King's Day", _fixed(4, 27, 1))],
    "sweden": [("Midsummer", _fixed(6, 19, 3)), CHRISTMAS],
    "finland": [("Midsummer", _fixed(6, 19, 3)), CHRISTMAS],
    "philippines": [HOLY_WEEK, CHRISTMAS],
    "thailand": [("Songkran", _fixed(4, 13, 3))],
    "israel": [
        ("Rosh Hashanah", _moving(ROSH_HASHANAH, 0, 1)),
        ("Yom Kippur", _moving(YOM_KIPPUR, 0, 0)),
        ("Passover", _moving(PASSOVER, 0, 1)),
    ],
    "usa": [
        ("Thanksgiving", lambda y: (_thanksgiving(y), _thanksgiving(y) + dt.timedelta(days=1))),
        ("Independence Day", _fixed(7, 4, 1)),
        CHRISTMAS,
    ],
}

COUNTRY_NAMES = {
    "japan": r"japan|japanese|tokyo|osaka|nagoya|yokohama|kyoto",
    "china": r"china|chinese|prc|shenzhen|shanghai|beijing|guangzhou|dongguan|hangzhou|ningbo|suzhou",
    "taiwan": r"taiwan|taipei|hsinchu",
    "hong kong": r"hong kong",
    "singapore": r"singapore",
    "korea": r"korea|korean|seoul|busan|incheon",
    "vietnam": r"vietnam|viet nam|vietnamese|hanoi|ho chi minh|hai phong|da nang",
    "india": r"india|indian|mumbai|delhi|bangalore|bengaluru|chennai|hyderabad|pune|kolkata|ahmedabad",
    "saudi arabia": r"saudi|riyadh|jeddah|dammam|ksa",
    "uae": r"uae|united arab emirates|emirati|dubai|abu dhabi|sharjah",
    "qatar": r"qatar|doha",
    "oman": r"oman|muscat",
    "kuwait": r"kuwait",
    "bahrain": r"bahrain",
    "jordan": r"jordan|amman",
    "egypt": r"egypt|egyptian|cairo|alexandria",
    "morocco": r"morocco|moroccan|casablanca|rabat",
    "pakistan": r"pakistan|karachi|lahore",
    "bangladesh": r"bangladesh|dhaka",
    "turkey": r"turkey|türkiye|turkish|istanbul|ankara|izmir",
    "indonesia": r"indonesia|indonesian|jakarta|surabaya|bandung",
    "malaysia": r"malaysia|malaysian|kuala lumpur|penang",
    "nigeria": r"nigeria|nigerian|lagos|abuja",
    "kenya": r"kenya|kenyan|nairobi|mombasa",
    "ghana": r"ghana|accra",
    "south africa": r"south africa|johannesburg|cape town|durban",
    "brazil": r"brazil|brasil|brazilian|são paulo|sao paulo|rio",
    "mexico": r"mexico|méxico|mexican|monterrey|guadalajara",
    "argentina": r"argentina|buenos aires",
    "colombia": r"colombia|bogot[aá]|medell[ií]n",
    "chile": r"chile|santiago",
    "peru": r"peru|lima",
    "spain": r"spain|spanish|madrid|barcelona|valencia",
    "italy": r"italy|italian|milan|rome|turin|naples",
    "germany": r"germany|german|gmbh|hamburg|munich|berlin|frankfurt|stuttgart|duisburg",
    "france": r"france|french|paris|lyon|grasse|marseille",
    "poland": r"poland|polish|warsaw|krak[oó]w|gda[nń]sk|wroc[lł]aw",
    "netherlands": r"netherlands|dutch|amsterdam|rotterdam",
    "sweden": r"sweden|swedish|stockholm|gothenburg",
    "finland": r"finland|finnish|helsinki",
    "philippines": r"philippines|filipino|manila|cebu",
    "thailand": r"thailand|thai|bangkok",
    "israel": r"israel|israeli|tel aviv|jerusalem|haifa",
    "norway": r"norway|norwegian|oslo|bergen|hardanger|trondheim|stavanger",
    "kazakhstan": r"kazakhstan|kazakh|almaty|astana",
    "new zealand": r"new zealand|aotearoa|auckland|wellington|christchurch|m[aā]ori",
    "ukraine": r"ukraine|ukrainian|kyiv|lviv|kharkiv|odesa",
    "usa": r"usa|u\.s\.a?\.?|united states|american",
}
_COUNTRY_RX = {k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in COUNTRY_NAMES.items()}


def countries(text: str) -> list[str]:
    """Countries named (directly or through a city/demonym) in a partner description."""
    return [k for k, rx in _COUNTRY_RX.items() if rx.search(text or "")]


def main_country(texts: list[str]) -> list[str]:
    """The one country a meeting talks about most (named at least twice, more than any other), or []."""
    counts = {k: sum(len(rx.findall(t)) for t in texts) for k, rx in _COUNTRY_RX.items()}
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return [ranked[0][0]]
    return []


def clash(day: dt.date, country_list: list[str]) -> str | None:
    """The name of a holiday in one of the countries that covers `day`, if any."""
    for country in country_list:
        for name, rule in CALENDARS.get(country, []):
            try:
                span = rule(day.year)
            except (ValueError, KeyError):
                span = None
            if span and span[0] <= day <= span[1]:
                return name
    return None
