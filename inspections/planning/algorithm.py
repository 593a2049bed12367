"""The 双随机 draw itself, as a pure function of its record: no database, no clock, no other randomness.

Anyone holding a draw's record (the pool of credit codes, the roster of certificate numbers with their declared
conflicts, the count or ratio and the revealed seed) recomputes the same result with a few lines of any language;
ALGORITHM_TEXT says how in Chinese and is printed on every draw's page. Change nothing here without a new version:
draws already made must still verify (draw_verify reads this module).
"""

import hashlib
import math
from dataclasses import dataclass
from fractions import Fraction

ALGORITHM_VERSION = 1

ALGORITHM_TEXT = [
    "种子公示：抽取前公布种子的 SHA-256 摘要（十六进制小写）；抽取后公布种子本身（64 位十六进制字符串）。"
    "任何人可计算 SHA-256(种子) 与事先公布的摘要比对。",
    "抽取数量 N：按家数抽取时 N = 家数（不超过对象库总数）；按比例抽取时 N = ⌈比例 × 对象库总数⌉（向上取整）。",
    "抽取企业：对象库中每家企业计算 HMAC-SHA256（密钥为种子的 UTF-8 字节，消息为统一社会信用代码），"
    "按结果的十六进制小写字符串升序排列，取前 N 家；排列次序即抽中次序。",
    "匹配执法人员：对每家抽中企业（按抽中次序），名录中每名执法人员计算 HMAC-SHA256（密钥为种子，"
    "消息为“officer:”+ 企业统一社会信用代码 +“:”+ 执法证号），按十六进制升序排列，"
    "剔除对该企业申报回避的人员，得到候选序列 P1, P2, …, Pk。",
    "两人一组：依次考察 (P1,P2), (P1,P3), …, (P1,Pk), (P2,P3), …，取第一组本次抽取中尚未使用过的两人组合；"
    "若全部组合均已使用，取 (P1,P2)；候选少于两人时该企业不派人员，须另行补派。",
]


@dataclass(frozen=True)
class Officer:
    certificate: str
    conflicts: frozenset[str] = frozenset()  # credit codes of the enterprises this officer must not inspect


@dataclass(frozen=True)
class Drawn:
    credit_code: str
    officers: tuple[str, ...]  # two certificate numbers, or none when fewer than two may go


def seed_hash(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


class Keyed:
    """HMAC-SHA256 under one seed, the standard construction (RFC 2104) with the key's inner and outer states
    computed once: a draw takes one HMAC per enterprise and per officer of each drawn one, and setting the key up
    for each would double its time. Gives exactly hmac.new(seed, message, sha256).hexdigest() (tested)."""

    BLOCK = 64

    def __init__(self, seed: str):
        key = seed.encode()
        if len(key) > self.BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(self.BLOCK, b"\0")
        self.inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
        self.outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))

    def hexdigest(self, message: str) -> str:
        inner = self.inner.copy()
        inner.update(message.encode())
        outer = self.outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def enterprise_key(keyed: Keyed, credit_code: str) -> str:
    return keyed.hexdigest(credit_code)


def officer_key(keyed: Keyed, credit_code: str, certificate: str) -> str:
    return keyed.hexdigest(f"officer:{credit_code}:{certificate}")


def draw_size(pool_size: int, *, count: int | None = None, ratio_percent=None) -> int:
    """N: the count (at most the pool), or the ratio of the pool rounded up. The ratio is read as a decimal string,
    never a float, so 7.5 % of 1,000 is 75 everywhere."""
    if count is not None:
        return min(count, pool_size)
    return min(pool_size, math.ceil(Fraction(str(ratio_percent)) * pool_size / 100))


def draw_enterprises(keyed: Keyed, pool: list[str], size: int) -> list[str]:
    """The first `size` credit codes of the pool ordered by HMAC-SHA256(seed, code); ties (none in practice) by
    the code itself."""
    return sorted(pool, key=lambda code: (enterprise_key(keyed, code), code))[:size]


def pick_pair(keyed: Keyed, credit_code: str, roster: list[Officer], used: dict[str, set[str]]) -> tuple[str, ...]:
    """Two officers for one enterprise: the first pair, in the order of ALGORITHM_TEXT, not used yet in this draw.
    `used` maps each certificate to those it has already been paired with."""
    candidates = sorted(
        (o.certificate for o in roster if credit_code not in o.conflicts),
        key=lambda cert: (officer_key(keyed, credit_code, cert), cert),
    )
    if len(candidates) < 2:
        return ()
    for position, first in enumerate(candidates):
        later = candidates[position + 1 :]
        partners = used.get(first, set())
        # Skipped whole when every later candidate has been its partner: a small roster in a big draw uses every
        # pair, and walking them all for each enterprise would be quadratic.
        if not partners.issuperset(later):
            return (first, next(second for second in later if second not in partners))
    return (candidates[0], candidates[1])


def run_draw(seed: str, pool: list[str], roster: list[Officer], size: int) -> list[Drawn]:
    """The whole draw: enterprises in drawn order, each with its pair of certificate numbers."""
    keyed = Keyed(seed)
    used: dict[str, set[str]] = {}
    result = []
    for code in draw_enterprises(keyed, pool, size):
        pair = pick_pair(keyed, code, roster, used)
        if pair:
            used.setdefault(pair[0], set()).add(pair[1])
            used.setdefault(pair[1], set()).add(pair[0])
        result.append(Drawn(code, pair))
    return result


def first_difference(expected: list[Drawn], recorded: list[Drawn]) -> str | None:
    """Where a recorded result departs from the recomputed one, in words; None when they agree."""
    for position, (want, got) in enumerate(zip(expected, recorded, strict=False), start=1):
        if want.credit_code != got.credit_code:
            return f"第 {position} 家：应为 {want.credit_code}，记录为 {got.credit_code}"
        if want.officers != got.officers:
            return (
                f"第 {position} 家（{want.credit_code}）执法人员：应为 {'、'.join(want.officers) or '无'}，"
                f"记录为 {'、'.join(got.officers) or '无'}"
            )
    if len(expected) != len(recorded):
        return f"抽中家数：应为 {len(expected)}，记录为 {len(recorded)}"
    return None
