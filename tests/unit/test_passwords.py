from argon2 import extract_parameters

from api.lib.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from api.settings import Settings, get_settings


def test_dummy_hash_costs_as_much_as_a_real_one():
    """Signing in with an unknown address verifies the dummy hash: it must use today's parameters, or
    the answer's timing would tell which addresses have accounts."""
    assert not needs_rehash(dummy_hash())
    assert extract_parameters(dummy_hash()) == extract_parameters(hash_password("Fahrrad Wiese Laterne"))
    assert not verify_password(dummy_hash(), "")


def test_hashes_use_the_configured_cost_and_production_keeps_argon2s_recommended_one():
    """The tests run with a cheap cost (tests/conftest.py); a deployment that sets nothing gets argon2-cffi's
    defaults, RFC 9106's low-memory profile."""
    settings = get_settings()
    parameters = extract_parameters(hash_password("Fahrrad Wiese Laterne"))
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (
        settings.password_hash_time_cost, settings.password_hash_memory_kib, settings.password_hash_parallelism)
    defaults = Settings.model_fields
    assert (defaults["password_hash_time_cost"].default, defaults["password_hash_memory_kib"].default,
            defaults["password_hash_parallelism"].default) == (3, 65536, 4)
