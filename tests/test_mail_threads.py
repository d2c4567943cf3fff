"""E-mail threads (`--format email`, and saved .eml files): each message's words are said by its
sender; headers are not speech.

The threads are written fresh in the layouts mail clients produce. Pasted text is not yet detected
as a thread on its own (`looks_like_thread` is tested here; wiring it into detection re-reads 28
training meetings, so it lands with the next retrain of the offline model).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from analyzer.ingest import parse_text
from analyzer.ingest.mail import sender_name

OUTLOOK = """From: Marta Silva <marta.silva@portoverde.pt>
Sent: Thursday, 3 December 2026 09:12
To: Kenji Ota <kenji.ota@ota-trading.jp>; Lea Brun
Cc: Omar Haddad <omar@portoverde.pt>
Subject: RE: Cork stopper volumes for 2027

Dear Ota-san,

Thank you for the call. I will send the revised volume plan by Friday.
We still disagree on the freight surcharge.

Kind regards,
Marta

From: Ota, Kenji <kenji.ota@ota-trading.jp>
Sent: Wednesday, 2 December 2026 18:40
To: Marta Silva <marta.silva@portoverde.pt>
Subject: Cork stopper volumes for 2027

Dear Marta,

Could you tell us why the November lot was held at customs?

Best,
Kenji
"""

GMAIL = """Thanks Ravi, that works for us. I will book the venue for the 14th.

On Wed, Dec 2, 2026 at 4:05 PM Ravi Menon <ravi@menon-events.in> wrote:
> Hi Sofia,
> We can confirm 120 guests. Our team will send the seating plan by Monday.
>
> On Tue, Dec 1, 2026 at 10:00 AM Sofia Lind <sofia@lindhotels.se> wrote:
>> Ravi, how many guests should we plan for?
"""


def turns(text: str) -> list[tuple[str | None, str]]:
    transcript = parse_text(text, "email")
    for utt in transcript.utterances:
        assert transcript.text[utt.start : utt.end] == utt.text  # evidence offsets stay exact
    return [(u.speaker, u.text) for u in transcript.utterances]


def test_an_outlook_thread_gives_each_message_to_its_sender_and_keeps_headers_out():
    transcript = parse_text(OUTLOOK, "email")
    assert transcript.format == "email"
    said = turns(OUTLOOK)
    assert ("Marta Silva", "We still disagree on the freight surcharge.") in said
    assert ("Kenji Ota", "Could you tell us why the November lot was held at customs?") in said
    assert not any(text.startswith(("From:", "Sent:", "To:", "Subject:", "Cc:")) for _, text in said)
    assert set(transcript.participants) >= {"Marta Silva", "Kenji Ota", "Lea Brun", "Omar Haddad"}
    assert transcript.affiliations["Omar Haddad"] == "@portoverde.pt"  # domains can tell the sides
    assert transcript.detected_title == "Cork stopper volumes for 2027"
    assert transcript.detected_date == dt.date(2026, 12, 3)


def test_quoted_replies_are_said_by_the_sender_their_wrote_line_names_one_level_per_reply():
    transcript = parse_text(GMAIL, "email")
    assert transcript.format == "email"
    said = turns(GMAIL)
    assert said[0] == (None, "Thanks Ravi, that works for us. I will book the venue for the 14th.")
    assert ("Ravi Menon", "We can confirm 120 guests. Our team will send the seating plan by Monday.") in said
    assert ("Sofia Lind", "Ravi, how many guests should we plan for?") in said
    assert not any("wrote:" in text for _, text in said)


@pytest.mark.parametrize(
    "value, name",
    [
        ("Marta Silva <marta.silva@portoverde.pt>", "Marta Silva"),
        ("Ota, Kenji <kenji.ota@ota-trading.jp>", "Kenji Ota"),
        ("kenji.ota@ota-trading.jp", "Kenji Ota"),
        ('"Lea Brun" [mailto:lea@brun.fr]', "Lea Brun"),
    ],
)
def test_a_sender_is_named_as_a_person_not_an_address(value, name):
    assert sender_name(value) == name


@pytest.mark.parametrize(
    "text",
    [
        "De: Pablo Ruiz\nA: Ana\nDe acuerdo, lo vemos mañana.\n",  # speaker labels, not a mail header
        "Ana: From: the top, please.\nTom: To: whom?\nAna: Subject: the budget.\n",
    ],
)
def test_transcripts_whose_speakers_use_header_words_are_not_taken_for_mail(text):
    from analyzer.ingest.mail import looks_like_thread
    from analyzer.ingest.textspans import iter_lines

    assert not looks_like_thread(list(iter_lines(text)))


def test_both_thread_layouts_are_recognised_as_mail():
    from analyzer.ingest.mail import looks_like_thread
    from analyzer.ingest.textspans import iter_lines

    assert looks_like_thread(list(iter_lines(OUTLOOK))) and looks_like_thread(list(iter_lines(GMAIL)))


def test_an_analysed_thread_names_the_sender_as_owner_and_speaker(tmp_path: Path):
    from analyzer.pipeline import analyze

    report = analyze(OUTLOOK, partner="Ota Trading", format="email")
    (promise,) = [f for f in report.findings if "volume plan" in f.quote]
    assert promise.speaker == "Marta Silva" and promise.owner == "Marta Silva"
    assert promise.due == dt.date(2026, 12, 4)
    exported = json.loads(report.model_dump_json())
    assert exported["meeting"]["format"] == "email"


def test_the_same_text_with_its_turns_cut_anew_is_not_answered_from_the_old_parse():
    # A reader change that moves speakers leaves the text and the participants as they were; the
    # cached answer of the old parse must not be reused.
    from analyzer.pipeline import analyze

    mail = parse_text(OUTLOOK, "email")
    unattributed = mail.model_copy(
        update={"utterances": [u.model_copy(update={"speaker": None}) for u in mail.utterances]}
    )
    first = analyze(mail, partner="Ota Trading")
    again = analyze(mail, partner="Ota Trading")
    recut = analyze(unattributed, partner="Ota Trading")
    assert again.stats.cached_chunks == first.stats.chunks  # the cache works
    assert recut.stats.cached_chunks == 0
    assert {f.speaker for f in first.findings} - {None} and not {f.speaker for f in recut.findings} - {None}


def _saved_mail() -> bytes:
    """A .eml as a mail program saves it: multipart, quoted-printable, with a forwarded message."""
    from email.message import EmailMessage

    earlier = EmailMessage()
    earlier["From"] = "Kenji Ota <kenji.ota@ota-trading.jp>"
    earlier["To"] = "Marta Silva <marta.silva@portoverde.pt>"
    earlier["Date"] = "Wed, 02 Dec 2026 18:40:00 +0900"
    earlier["Subject"] = "Cork stopper volumes for 2027"
    earlier.set_content("Dear Marta,\n\nCould you tell us why the November lot was held at customs?\n")
    latest = EmailMessage()
    latest["From"] = "Marta Silva <marta.silva@portoverde.pt>"
    latest["To"] = "Kenji Ota <kenji.ota@ota-trading.jp>, Lea Brun <lea@brun.fr>"
    latest["Date"] = "Thu, 03 Dec 2026 09:12:00 +0000"
    latest["Subject"] = "FW: Cork stopper volumes for 2027"
    latest.set_content(
        "Dear Kenji,\n\nI will send the customs release note to Kenji by Friday.\n", cte="quoted-printable"
    )
    latest.add_alternative(
        "<p>Dear Kenji,</p><p>I will send the customs release note to Kenji by Friday.</p>", subtype="html"
    )
    latest.add_attachment(earlier)
    return bytes(latest)


def test_a_saved_eml_file_reads_as_its_thread_with_forwarded_messages_by_their_senders(tmp_path: Path):
    from analyzer.ingest import load_path
    from analyzer.pipeline import analyze

    path = tmp_path / "cork.eml"
    path.write_bytes(_saved_mail())
    transcript = load_path(path)
    assert transcript.format == "email"
    said = [(u.speaker, u.text) for u in transcript.utterances]
    assert ("Marta Silva", "I will send the customs release note to Kenji by Friday.") in said
    assert ("Kenji Ota", "Could you tell us why the November lot was held at customs?") in said
    assert set(transcript.participants) >= {"Marta Silva", "Kenji Ota", "Lea Brun"}
    report = analyze(path, partner="Ota Trading")
    (promise,) = [f for f in report.findings if "release note" in f.quote]
    assert promise.owner == "Marta Silva" and promise.due == dt.date(2026, 12, 4)
    assert report.transcript.text[promise.start : promise.end] == promise.quote


def test_an_unreadable_saved_mail_says_how_to_get_its_text(tmp_path: Path):
    from analyzer.core.errors import InputError
    from analyzer.ingest import load_path

    path = tmp_path / "broken.eml"
    path.write_bytes(
        b"From: a@b.c\nSubject: x\nMIME-Version: 1.0\nContent-Type: text/plain; charset=klingon-9\n\nhi\n"
    )
    with pytest.raises(InputError) as info:
        load_path(path)
    assert "paste the thread as text" in str(info.value)


@pytest.mark.parametrize(
    "value, people",
    [
        ("Kenji Ota <k@ota.jp>, Lea Brun <lea@brun.fr>", ["Kenji Ota", "Lea Brun"]),
        ("Ota, Kenji <k@ota.jp>; Lea Brun", ["Kenji Ota", "Lea Brun"]),
        ("Ota, Kenji <k@ota.jp>", ["Kenji Ota"]),
        ("Luca Ferri, Elena Conti", ["Luca Ferri", "Elena Conti"]),
    ],
)
def test_recipient_lists_split_into_people_whichever_separator_the_client_uses(value, people):
    from analyzer.ingest.mail import _recipients

    assert [sender_name(r) for r in _recipients(value)] == people
