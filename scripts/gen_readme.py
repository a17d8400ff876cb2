#!/usr/bin/env python3
"""Generate README.rst and static/description/index.html from readme/*.md.

Same layout as OCA's oca-gen-addon-readme (fragments converted with pandoc,
HTML rendered with docutils). Run it after editing a fragment:
``python3 scripts/gen_readme.py`` (needs Debian's ``pandoc``).
"""

import ast
import hashlib
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


def to_rst(path):
    return subprocess.run(
        ["pandoc", "--from=gfm", "--to=rst", "--columns=79", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def heading(text, char):
    return f"{text}\n{char * len(text)}\n"


def main(check=False):
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text())
    sources = sorted((ROOT / "readme").glob("*.md"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    name = manifest["name"]
    maturity = manifest["development_status"]
    license_ = manifest["license"]
    color = MATURITY_COLOR.get(maturity, "lightgrey")
    maturity_badge = f"{maturity.replace('/', '%2F')}-{color}"
    out = [
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
    out.append(heading("Credits", "="))
    out.append(heading("Authors", "-"))
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
    rst = "\n".join(out)
    if check:
        if (ROOT / "README.rst").read_text() != rst:
            sys.exit("README.rst is out of date: run python3 scripts/gen_readme.py")
        return
    (ROOT / "README.rst").write_text(rst)

    from docutils.core import publish_string

    html = publish_string(
        rst,
        writer_name="html4css1",
        settings_overrides={
            "embed_stylesheet": False,
            "output_encoding": "unicode",
            "report_level": 2,
        },
    )
    # Odoo warns about an XML declaration in a module description.
    if html.startswith("<?xml"):
        html = html.split("\n", 1)[1]
    (ROOT / "static" / "description" / "index.html").write_text(html)


if __name__ == "__main__":
    main(check="--check" in sys.argv[1:])
