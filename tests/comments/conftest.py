import pytest

from tests.factories import ArticleFactory, UserFactory


@pytest.fixture
def article(db):
    return ArticleFactory()


@pytest.fixture
def reader(db):
    return UserFactory(username="anna", display_name="Anna Berger")


@pytest.fixture
def other_reader(db):
    return UserFactory(username="bernd", display_name="Bernd Krause")
