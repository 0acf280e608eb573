from api.domain.accounts.services import _DUMMY_HASH
from api.lib.passwords import needs_rehash, verify_password


def test_dummy_hash_costs_as_much_as_a_real_one():
    """Signing in with an unknown address verifies the dummy hash: it must use today's parameters, or
    the answer's timing would tell which addresses have accounts."""
    assert not needs_rehash(_DUMMY_HASH)
    assert not verify_password(_DUMMY_HASH, "")
