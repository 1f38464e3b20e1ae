"""Bench only: the Markdown yardstick of bench/build.py gets the contract keys.

The yardstick is built without article_reader, which keeps Pelican's own
Markdown reader off INPUTDIR (hostile input); its articles then get the keys
every consumer reads from article_reader.foreign, as a site built by another
reader would.
"""

from pelican import signals


def register():
    signals.article_generator_finalized.connect(conform_articles)


def conform_articles(generator) -> None:
    from article_reader.foreign import conform

    for article in generator.articles:
        conform(article)
