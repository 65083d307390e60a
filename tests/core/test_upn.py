"""UPN check letters, as the DfE computes them."""

import pytest

from woodrush_desktop.domain.upn import UpnStatus, check_letter, check_upn, make_upn


def test_a_valid_upn_passes():
    upn = make_upn(330, 4123, 19, 42)

    assert check_upn(upn).status is UpnStatus.VALID
    assert check_upn(upn.lower()).ok


def test_the_check_letter_is_the_weighted_sum_modulo_23():
    body = "801200001001"
    total = sum(int(char) * weight for weight, char in enumerate(body, start=2))

    assert check_letter(body) == "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23]


def test_a_wrong_check_letter_is_caught_and_the_right_one_named():
    upn = make_upn(330, 4123, 19, 42)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]

    result = check_upn(wrong)

    assert result.status is UpnStatus.WRONG_CHECK_LETTER
    assert result.expected_letter == upn[0]
    assert upn[0] in result.explain()


def test_a_temporary_upn_ends_in_a_letter():
    upn = make_upn(330, 4123, 26, 7, temporary="A")

    assert upn[-1] == "A"
    assert check_upn(upn).status is UpnStatus.TEMPORARY


@pytest.mark.parametrize(
    "text", ["", "A12345", "1234567890123", "A12345678901I", "I123456789012", "A1234567890123"]
)
def test_malformed_upns(text):
    assert check_upn(text).status is UpnStatus.MALFORMED
