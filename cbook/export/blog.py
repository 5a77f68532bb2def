"""The blog series: one post per chapter or per section, dated, with an Atom feed.

The zip holds ``index.html`` (the posts, newest last), ``feed.xml`` (Atom, made with
feedgen) and in ``posts/`` each post twice: ``<date>-<slug>.md`` (GitHub-flavoured
Markdown with YAML front matter: title, date, tags = principle slugs, canonical_url) for a
blog engine, and ``<date>-<slug>.html``, a standalone page. Post *i* is dated
``blog_start + i * blog_interval_days``.

Every post links back to its page in the web edition: ``site_url`` + the page when the
coordinator gave where the web edition lives, else relative links that work when the web
edition's zip (its ``web/`` folder) is unzipped beside ``posts/`` and ``feed.xml``. The
feed's ids are then ``tag:`` URIs, stable for a book and a post.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from cbook.export.chrome import long_date
from cbook.export.edition import EditionContent, EditionOptions
from cbook.export.markdown_files import _unwrap_anchors
from cbook.export.script_fonts import font_files, script_font, web_font_css
from cbook.export.translated import language_pairs
from cbook.export.website import (
    STYLESHEET,
    SectionPart,
    chapter_page,
    convert_sections,
    link_rewriter,
    principle_order,
    render,
    render_parts,
    without_word_styles,
    write_zip,
)
from cbook.pandoc.ast_out import Json, attr, text_inlines
from cbook.textrules import slugify

WEB_ROOT_MARK = "cbook-web:"  # stands for the web edition's root in links, until we know it
_MARK_IN_LINK = re.compile(r"(?<=[\"(<])" + re.escape(WEB_ROOT_MARK))
TAG_AUTHORITY = "tag:culture-book.invalid,2024:"


@dataclass
class Post:
    """One post of the series."""

    title: str
    date: date
    file: str  # the file name without suffix: "<date>-<slug>"
    web_page: str  # its page in the web edition, relative to that edition's root
    blocks: list[Json]
    tags: list[str]  # principle slugs, in the book's order
    tag_titles: list[str]
    web_link: str = ""  # the web page as linked from a post's page
    title_language: str = ""  # a section's title in its source language ("" otherwise)


def start_date(options: EditionOptions) -> date:
    """The first post's date: the option, or today (UTC) when it is empty."""
    if options.blog_start:
        return date.fromisoformat(options.blog_start)
    return datetime.now(UTC).date()


def _tags(content: EditionContent, parts: list[SectionPart]) -> tuple[list[str], list[str]]:
    titles = {slug: title for slug, title, _statement in content.principles}
    slugs = principle_order(content, (s for p in parts for s in p.conversion.passages))
    return slugs, [titles[s] for s in slugs]


def posts_of(content: EditionContent, options: EditionOptions) -> list[Post]:
    """The posts in order: a chapter (its sections in order) or a section each."""
    by_chapter = options.blog_unit == "chapter"
    # Within a chapter post, section titles are level 2 and the text's headings go below.
    parts = convert_sections(content, options, heading_shift=1 if by_chapter else 0,
                             link_target=link_rewriter(content, WEB_ROOT_MARK))
    groups: list[tuple[str, str, str, list[SectionPart]]] = []  # title, summary, page, parts
    if by_chapter:
        for chapter in content.chapters:
            mine = [p for p in parts if p.chapter.id == chapter.id]
            groups.append((chapter.title, chapter.summary, chapter_page(chapter), mine))
    else:
        groups = [(p.section.title, "", p.page, [p]) for p in parts]
    first = start_date(options)
    posts = []
    for number, (title, summary, page, members) in enumerate(groups):
        body: list[Json] = []
        if summary:
            body.append({"t": "Para", "c": [{"t": "Emph", "c": text_inlines(summary)}]})
        for part in members:
            if by_chapter:
                language = part.section.language
                body.append({"t": "Header", "c": [2, attr(
                    f"section-{part.section.id}", (),
                    language_pairs(language) if language else ()),
                    text_inlines(part.section.title)]})
            body.extend(part.blocks)
        day = first + timedelta(days=number * options.blog_interval_days)
        slugs, tag_titles = _tags(content, members)
        name = f"{day.isoformat()}-{slugify(title, 'post', max_length=50)}"
        posts.append(Post(title, day, name, page, body, slugs, tag_titles,
                          title_language="" if by_chapter else members[0].section.language))
    return posts


def _web_root(options: EditionOptions, relative: str) -> str:
    return options.site_url.rstrip("/") + "/" if options.site_url else relative


def _resolve(text: str, root: str) -> str:
    return _MARK_IN_LINK.sub(root, text)


def _front_matter(values: dict[str, Any]) -> str:
    # JSON strings and lists are valid YAML, so every title is quoted safely; the date
    # stays a bare YAML date, as blog engines expect.
    lines = ["---"]
    for key, value in values.items():
        shown = value.isoformat() if isinstance(value, date) else json.dumps(
            value, ensure_ascii=False)
        lines.append(f"{key}: {shown}")
    return "\n".join(lines) + "\n---\n\n"


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _feed(content: EditionContent, options: EditionOptions, posts: list[Post],
          html: list[str]) -> bytes:
    """The Atom feed: one entry per post, dated by the post, linking to the web edition."""
    root = _web_root(options, "web/")  # feed.xml sits beside the web edition's folder
    feed = FeedGenerator()
    feed.id(root if options.site_url else f"{TAG_AUTHORITY}{content.slug}/blog")
    feed.title(content.display_title)
    if content.subtitle or content.description:
        feed.subtitle(content.subtitle or content.description)
    feed.author({"name": content.title})
    feed.link(href=root + "index.html", rel="alternate", type="text/html")
    feed.language(content.language)
    feed.generator("Culture Book")
    feed.updated(_moment(posts[-1].date) if posts else _moment(start_date(options)))
    for post, text in zip(posts, html, strict=True):
        link = root + post.web_page
        entry = feed.add_entry(order="append")
        entry.id(link if options.site_url else f"{TAG_AUTHORITY}{content.slug}/{post.file}")
        entry.title(post.title)
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(_moment(post.date))
        entry.updated(_moment(post.date))
        for slug, title in zip(post.tags, post.tag_titles, strict=True):
            entry.category(term=slug, label=title)
        entry.content(_resolve(text, root), type="html")
    data: bytes = feed.atom_str(pretty=True)
    return data


def blog_files(content: EditionContent, options: EditionOptions) -> dict[str, str | bytes]:
    """Every file of the blog series, by its path in the zip."""
    posts = posts_of(content, options)
    # Blog engines and feed readers need no passage anchors or Word style names.
    bodies = [without_word_styles(_unwrap_anchors(post.blocks)) for post in posts]
    html = render_parts(bodies, "html")
    markdown = render_parts(bodies, "gfm")
    from_posts = _web_root(options, "../web/")  # posts/ sits beside the web/ folder
    style = STYLESHEET.read_text(encoding="utf-8")
    family = script_font(content.language)
    files: dict[str, str | bytes] = {}
    if family is not None:  # the book's script, in fonts shipped beside the posts
        files.update({f"fonts/{path.name}": path.read_bytes() for path in font_files(family)})
    # Each page carries the styles; a post's fonts are one folder further up.
    css = Markup(style + (web_font_css(family, "fonts/") if family else ""))  # noqa: S704
    post_css = Markup(style + (web_font_css(family, "../fonts/") if family else ""))  # noqa: S704
    chrome = {"words": content.words, "dir": content.direction}
    for number, post in enumerate(posts):
        post.web_link = from_posts + post.web_page
        front = {"title": post.title, "date": post.date, "tags": post.tags,
                 "canonical_url": post.web_link, "book": content.title}
        if content.drafts:
            front["draft"] = True
        files[f"posts/{post.file}.md"] = (_front_matter(front)
                                          + _resolve(markdown[number], from_posts))
        files[f"posts/{post.file}.html"] = render(
            "blog/post.html", book=content, lang=content.language, post=post, css=post_css,
            day=long_date(post.date, content.language, "dd MMMM y"), **chrome,
            text=Markup(_resolve(html[number], from_posts)),  # noqa: S704 - pandoc escaped
            previous=posts[number - 1] if number > 0 else None,
            following=posts[number + 1] if number + 1 < len(posts) else None)
    files["index.html"] = render("blog/index.html", book=content, lang=content.language,
                                 posts=posts, css=css, **chrome,
                                 web_link=_web_root(options, "web/") + "index.html")
    files["feed.xml"] = _feed(content, options, posts, html)
    return files


def write_blog(content: EditionContent, options: EditionOptions, output: Path) -> None:
    """The blog series as a zip (see the module docstring), moved into place when whole."""
    write_zip(blog_files(content, options), output)
