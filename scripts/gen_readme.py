#!/usr/bin/env python3
"""Generate README.rst and static/description/index.html from readme/*.md.

README.rst is the developer's documentation, in the layout of OCA's
oca-gen-addon-readme: the fragments of FRAGMENTS converted with pandoc.
index.html is the module's page in the Apps menu, for an administrator
deciding to install: readme/APPS.md converted with pandoc, with screenshots
from static/description/. Run it after editing a fragment:
``python3 scripts/gen_readme.py`` (needs Debian's ``pandoc``);
``--check`` fails when either file is out of date (``make lint``).
"""

import ast
import hashlib
import html
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = [
    ("DESCRIPTION", None),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
]
SHIELDS = "https://img.shields.io/badge"
MATURITY_COLOR = {
    "Alpha": "red",
    "Beta": "yellow",
    "Production/Stable": "green",
    "Mature": "brightgreen",
}
# The Apps page is shown inside Odoo (which keeps inline styles, not a
# stylesheet) and opened as a file: it carries its few styles inline.
APPS_STYLES = {
    "h2": "margin: 2rem 0 0.75rem; padding-bottom: 0.25rem;"
    " border-bottom: 1px solid #dee2e6; font-size: 1.5rem",
    "p": "margin: 0 0 0.75rem",
    "ul": "margin: 0 0 1rem; padding-left: 1.25rem",
    "li": "margin-bottom: 0.4rem",
    "img": "display: block; max-width: 100%; height: auto; margin: 0.25rem 0 1.5rem;"
    " border: 1px solid #dee2e6; border-radius: 4px;"
    " box-shadow: 0 2px 8px rgba(0, 0, 0, 0.12)",
}
APPS_PAGE = """\
<!-- Generated from readme/APPS.md by scripts/gen_readme.py: edit that file. -->
<section style="max-width: 1100px; margin: 0 auto; padding: 1rem;\
 font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;\
 font-size: 15px; line-height: 1.55; color: #212529">
<h1 style="margin: 0 0 0.25rem; font-size: 2rem">{name}</h1>
<p style="margin: 0 0 1.5rem; font-size: 1.2rem; color: #6c757d">{summary}</p>
{body}
</section>
"""


def pandoc(path, to, *options):
    return subprocess.run(
        ["pandoc", "--from=gfm", f"--to={to}", *options, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def to_rst(path):
    return pandoc(path, "rst", "--columns=79")


def heading(text, char):
    return f"{text}\n{char * len(text)}\n"


def load_manifest():
    return ast.literal_eval((ROOT / "__manifest__.py").read_text())


def rst_header(manifest):
    """Title, generated-file banner with the digest of readme/*.md, badges."""
    sources = sorted((ROOT / "readme").glob("*.md"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    name = manifest["name"]
    maturity = manifest["development_status"]
    license_ = manifest["license"]
    color = MATURITY_COLOR.get(maturity, "lightgrey")
    maturity_badge = f"{maturity.replace('/', '%2F')}-{color}"
    return [
        "=" * len(name),
        name,
        "=" * len(name),
        "",
        ".. !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "   !! This file is generated from readme/*.md by          !!",
        "   !! scripts/gen_readme.py: changes will be overwritten. !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        f"   !! source digest: sha256:{digest}",
        "",
        "|badge1| |badge2|",
        "",
        f".. |badge1| image:: {SHIELDS}/maturity-{maturity_badge}.png",
        "    :target: https://odoo-community.org/page/development-status",
        f"    :alt: {maturity}",
        f".. |badge2| image:: {SHIELDS}/licence-{license_.replace('-', '--')}-blue.png",
        "    :target: http://www.gnu.org/licenses/agpl-3.0-standalone.html",
        f"    :alt: License: {license_}",
        "",
        manifest["summary"] + ".",
        "",
    ]


def rst_fragments():
    """The readme/*.md fragments of FRAGMENTS, each under its heading."""
    out = []
    for fragment, title in FRAGMENTS:
        path = ROOT / "readme" / f"{fragment}.md"
        if not path.exists():
            continue
        if title:
            out.append(heading(title, "="))
        out.append(to_rst(path))
        out.append("")
        if fragment == "DESCRIPTION":
            out += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    return out


def rst_credits(manifest):
    out = [heading("Credits", "="), heading("Authors", "-")]
    out += [f"- {author.strip()}" for author in manifest["author"].split(",")] + [""]
    contributors = ROOT / "readme" / "CONTRIBUTORS.md"
    if contributors.exists():
        out.append(heading("Contributors", "-"))
        out += [to_rst(contributors), ""]
    out.append(heading("Maintainers", "-"))
    out.append(
        "Current maintainers: "
        + ", ".join(f"``{m}``" for m in manifest.get("maintainers", []))
        + "."
    )
    out.append("")
    return out


def render_readme(manifest):
    """README.rst: the developer's documentation."""
    return "\n".join(rst_header(manifest) + rst_fragments() + rst_credits(manifest))


def render_index(manifest):
    """static/description/index.html: the Apps page, from readme/APPS.md."""
    body = pandoc(ROOT / "readme" / "APPS.md", "html5")
    for tag, style in APPS_STYLES.items():
        body = re.sub(rf"<{tag}(?=[ >])", f'<{tag} style="{style}"', body)
    return APPS_PAGE.format(
        name=html.escape(manifest["name"]),
        summary=html.escape(manifest["summary"]),
        body=body,
    )


def main(check=False):
    manifest = load_manifest()
    outputs = {
        ROOT / "README.rst": render_readme(manifest),
        ROOT / "static" / "description" / "index.html": render_index(manifest),
    }
    for path, text in outputs.items():
        if not check:
            path.write_text(text)
        elif not path.exists() or path.read_text() != text:
            name = path.relative_to(ROOT)
            sys.exit(f"{name} is out of date: run python3 scripts/gen_readme.py")


if __name__ == "__main__":
    main(check="--check" in sys.argv[1:])
