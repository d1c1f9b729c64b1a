"""What a message is, as the spam rules see it: pure functions of its text and kind, cheap enough
to run on every message (the rules that need the database or the store run only when these
say there is something to look at)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from plugins.gate.settings import PatternRule

# Links: a scheme, "www.", or a bare domain with a common top-level domain.
LINK = re.compile(r"(?i)(?:https?://|www\.)\S+|\b[a-z0-9][a-z0-9-]{0,62}\.(?:com|net|org|io|cn|me|xyz|top|cc|ru|"
                  r"info|link|app|dev|co|ly|gg|vip|shop|site|online|club|tk)\b(?:/\S*)?")
# Invites to other groups and servers: Telegram join links, Discord invites.
INVITE = re.compile(r"(?i)(?:t(?:elegram)?\.me|telegram\.dog)/(?:\+|joinchat/)[\w-]+"
                    r"|discord(?:\.gg|(?:app)?\.com/invite)/[\w-]+")
MENTION = re.compile(r"(?<![\w@])@[A-Za-z]\w{2,}")
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Looks:
    """What one message carries."""
    text: str
    has_link: bool
    has_invite: bool
    forwarded_from: str | None
    mentions: int


def look_at(text: str, *, forwarded_from: str | None, mentioned: int) -> Looks:
    lowered = text.lower()
    dotted = "." in lowered
    return Looks(text=text,
                 has_link=dotted and LINK.search(text) is not None,
                 has_invite=dotted and INVITE.search(text) is not None,
                 forwarded_from=forwarded_from,
                 mentions=max(mentioned, len(set(MENTION.findall(text))) if "@" in text else 0))


def matches_pattern(text: str, rule: PatternRule) -> bool:
    """Any listed word (any case, spaces ignored: 加 V counts as 加V) or regular expression."""
    if not rule.words and not rule.regexes:
        return False
    squeezed = SPACE.sub("", text).casefold()
    if any(SPACE.sub("", word).casefold() in squeezed for word in rule.words if word.strip()):
        return True
    return any(_compiled(pattern).search(text) for pattern in rule.regexes)


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def fingerprint(text: str) -> str:
    """The same text, whatever its spacing and case: what a repeat or a raid is counted by."""
    return hashlib.blake2b(SPACE.sub(" ", text.strip()).casefold().encode(), digest_size=12).hexdigest()
