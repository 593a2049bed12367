"""What a public page hides of a natural person (个人信息): the name but its first character, the middle digits of an
identity card or mobile number, the address. A legal person's name, address and representative are public in a
penalty notice; a 个体工商户 (credit code beginning 92) is run by a natural person, so its operator is masked."""

import re

# 18-digit resident identity numbers: the region (6) and the last 4 stay, the birth date goes.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
INDIVIDUAL_BUSINESS_PREFIX = "92"


def mask_name(name):
    """张三丰 → 张**, 李四 → 李*."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_numbers(text):
    """Identity card and mobile numbers in free text, masked: 330381199001011234 → 330381********1234."""
    return MOBILE.sub(r"\1****\2", ID_NUMBER.sub(r"\1********\2", text))


def is_individual(enterprise):
    """A 个体工商户: its party is a natural person (统一社会信用代码 登记管理部门 9, 类别 2)."""
    return enterprise.credit_code.startswith(INDIVIDUAL_BUSINESS_PREFIX)


def mask_person(text, person):
    """Free text with identity numbers masked and, when the party is a natural person, their name too."""
    text = mask_numbers(text)
    return text.replace(person, mask_name(person)) if person else text
