"""The reader cookies are signed as HttpResponse.set_signed_cookie signs them, by a signer made
once per process (newsroom.readers._CookieSigner): Django reads them back, forged or foreign
values are refused, and the old secret of SECRET_KEY_FALLBACKS still verifies."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse

from newsroom import readers


def request_with(response) -> HttpRequest:
    request = HttpRequest()
    request.COOKIES = {name: morsel.value for name, morsel in response.cookies.items()}
    return request


def test_django_reads_back_what_the_reader_signs():
    reader = readers.Reader("a" * 22, "b" * 22, [3, 5], new_reader=True, changed=True)
    response = HttpResponse()
    reader.write_cookies(response)
    request = request_with(response)
    assert request.get_signed_cookie(readers.READER_COOKIE, salt=readers._SALT_READER) == "a" * 22
    session = request.get_signed_cookie(readers.SESSION_COOKIE, salt=readers._SALT_SESSION)
    assert session == f"{'b' * 22}:3,5"
    again = readers.Reader.from_cookies(request.COOKIES)
    assert (again.id, again.session, again.viewed) == ("a" * 22, "b" * 22, [3, 5])
    assert not (again.new_reader or again.new_session)


def test_a_value_signed_by_django_is_read_and_a_forged_one_refused():
    response = HttpResponse()
    response.set_signed_cookie(readers.READER_COOKIE, "c" * 22, salt=readers._SALT_READER)
    cookies = {readers.READER_COOKIE: response.cookies[readers.READER_COOKIE].value}
    assert readers.Reader.from_cookies(cookies).id == "c" * 22
    forged = cookies[readers.READER_COOKIE].replace("c" * 22, "d" * 22)
    reader = readers.Reader.from_cookies({readers.READER_COOKIE: forged})
    assert reader.new_reader and reader.id != "d" * 22
    # Signed with another salt (another cookie's): refused too.
    other = signing.get_cookie_signer(salt="khac").sign("e" * 22)
    assert readers.Reader.from_cookies({readers.READER_COOKIE: other}).new_reader


def test_the_previous_secret_still_verifies(settings):
    settings.SECRET_KEY = "khoa-cu-" * 8
    old = readers._sign(readers.READER_COOKIE, readers._SALT_READER, "f" * 22)
    settings.SECRET_KEY = "khoa-moi-" * 8
    assert readers.Reader.from_cookies({readers.READER_COOKIE: old}).new_reader
    settings.SECRET_KEY_FALLBACKS = ["khoa-cu-" * 8]
    assert readers.Reader.from_cookies({readers.READER_COOKIE: old}).id == "f" * 22


def test_random_bytes_are_never_handed_out_twice_even_by_a_forked_worker():
    """random_bytes reads the system's generator 4 KB at a time: a worker forked from a
    process holding unread bytes must not hand out the ones its parent will."""
    import os

    first = readers.random_bytes(16)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the forked worker
        try:
            os.write(write_end, readers.random_bytes(16))
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    drawn_by_child = os.read(read_end, 16)
    os.close(read_end)
    os.close(write_end)
    parent_next = readers.random_bytes(16)
    assert len(drawn_by_child) == len(parent_next) == 16
    assert len({first, drawn_by_child, parent_next}) == 3
    tokens = {readers._new_token() for _ in range(1000)}
    assert len(tokens) == 1000 and all(readers._TOKEN.match(token) for token in tokens)
