#!/usr/bin/env python3
"""Writes a man page from a template and the program's own --help, so that the options never drift from the
code: @OPTIONS@ becomes the program's options, @COMMANDS@ one subsection per subcommand (boneage <command>
--help), @VERSION@ and @DATE@ the release. The output is gzip-compressed (gzip -9n: reproducible).

  make_manpage.py --program PATH --template T.in --out NAME.1.gz --version V --date YYYY-MM-DD [--subcommands]
"""
import argparse
import gzip
import os
import re
import subprocess
import sys


def run_help(program, *args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8")
    result = subprocess.run([program, *args, "--help"], capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        sys.exit(f"make_manpage: {program} {' '.join(args)} --help failed ({result.returncode}): {result.stderr}")
    return result.stdout


def roff(text):
    """Escapes text for a roff line: backslashes, and a leading dot or quote."""
    text = text.replace("\\", "\\e")
    return "\\&" + text if text[:1] in (".", "'") else text


def flag(text):
    """An option or argument name, bold, with real minus signs (so it can be copied from the page)."""
    return "\\fB" + roff(text).replace("-", "\\-") + "\\fR"


def parse_help(text):
    """(usage, description paragraphs, [(section, [(name, help)])]) of a QCommandLineParser --help."""
    lines = text.rstrip("\n").split("\n")
    usage = lines[0].removeprefix("Usage: ").strip()
    description, sections, current = [], [], None
    for line in lines[1:]:
        heading = re.fullmatch(r"(Options|Arguments):", line)
        if heading:
            current = (heading.group(1), [])
            sections.append(current)
        elif current is None:
            if line.strip():
                description.append(line.strip())
        elif re.match(r"  \S", line):
            name, _, help_text = line.strip().partition("  ")
            current[1].append([name.strip(), help_text.strip()])
        elif line.strip() and current[1]:
            current[1][-1][1] += " " + line.strip()
    return usage, description, sections


def options_roff(sections, skip=()):
    out = []
    for title, entries in sections:
        for name, help_text in entries:
            if name in skip:
                continue
            out += [".TP", flag(name), roff(help_text)]
    return out


def commands_roff(program):
    listing = run_help(program)
    names = []
    in_commands = False
    for line in listing.split("\n"):
        if line.startswith("Commands:"):
            in_commands = True
        elif in_commands and line.strip():
            names.append(line.split()[0])
        elif in_commands:
            break
    if not names:
        sys.exit(f"make_manpage: no commands in {program} --help")
    out = [".SH COMMANDS"]
    for name in names:
        usage, description, sections = parse_help(run_help(program, name))
        out += [".SS " + roff(name), ".B " + roff(usage).replace("-", "\\-"), ".PP"]
        out += [roff(paragraph) for paragraph in description]
        out += options_roff(sections, skip=("-h, --help",))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--program", required=True)
    p.add_argument("--template", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--date", required=True)
    p.add_argument("--subcommands", action="store_true")
    args = p.parse_args()
    with open(args.template, encoding="utf-8") as f:
        page = f.read()
    page = page.replace("@VERSION@", args.version).replace("@DATE@", args.date)
    if "@COMMANDS@" in page:
        page = page.replace("@COMMANDS@", "\n".join(commands_roff(args.program)))
    if "@OPTIONS@" in page:
        _, _, sections = parse_help(run_help(args.program))
        page = page.replace("@OPTIONS@", "\n".join(options_roff(sections, skip=("--help-all",))))
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(page.encode("utf-8"))
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
