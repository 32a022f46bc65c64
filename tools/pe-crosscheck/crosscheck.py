#!/usr/bin/env python3
"""Compare dpmlint's PE reader with pefile on a corpus of real PE files.

A manual tool, not part of the test suite. It needs `pip install pefile` and a corpus,
for example the PE DLLs/EXEs of Debian's wine packages (see fixtures/pe/CROSSCHECK.md):

    python3 tools/pe-crosscheck/crosscheck.py DIR_OR_FILE... [--details]

Every regular file under the arguments that starts with "MZ" is read twice:
- by dpmlint, through `cargo run --release --example pe_inspect -- --json FILE...`;
- by pefile: the machine from the file header; the version resource chosen as the
  contract says (RT_VERSION, name 1, language 0x0000, else 0x0409, else the lowest) and
  parsed with pefile's own `parse_version_information`; its VS_FIXEDFILEINFO gives the
  versions and its first StringTable the strings.

pefile keeps only the last pair of VarFileInfo\\Translation (`Var.entry` is overwritten
in its loop), so the translations are compared twice: pefile's pair against dpmlint's last
one, and every pair, read at the value offset pefile's parser used.

Prints one line per disagreement (all of them with --details) and a summary.
"""

import hashlib
import json
import os
import struct
import subprocess
import sys
from collections import Counter

import pefile

MACHINES = {0x014C: "x86", 0x8664: "x64", 0xAA64: "arm64", 0x01C0: "arm", 0x01C4: "arm", 0x0200: "ia64"}
RT_VERSION = 16
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def corpus(args):
    for arg in args:
        paths = [arg] if os.path.isfile(arg) else (
            os.path.join(root, name) for root, _, names in os.walk(arg) for name in names)
        for path in sorted(paths):
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as f:
                    if f.read(2) == b"MZ":
                        yield path


def dpmlint(paths):
    subprocess.run(["cargo", "build", "-q", "--release", "--example", "pe_inspect"],
                   cwd=REPO, check=True)
    exe = os.path.join(REPO, "target", "release", "examples", "pe_inspect")
    out = {}
    for i in range(0, len(paths), 200):
        batch = paths[i:i + 200]
        run = subprocess.run([exe, "--json", *batch], capture_output=True, check=False)
        for report in json.loads(run.stdout):
            out[report["path"]] = report
    return out


def pick_language(langs):
    if 0 in langs:
        return 0
    if 0x0409 in langs:
        return 0x0409
    return min(langs)


def version(ms, ls):
    return f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"


def all_translations(pe, var):
    """Every DWORD of a Translation Var, from where pefile's parser reads them."""
    rva = pe.get_rva_from_offset(var.get_file_offset())
    value = (rva + var.sizeof() + 2 * (len("Translation") + 1) + 3) & ~3
    data = pe.get_data(value, var.ValueLength)
    pairs = [struct.unpack_from("<HH", data, i) for i in range(0, len(data) - 3, 4)]
    return [{"language": f"0x{lang:04x}", "codepage": cp} for lang, cp in pairs]


def with_pefile(path):
    try:
        pe = pefile.PE(path, fast_load=True)
    except pefile.PEFormatError as error:
        return {"error": str(error)}
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    machine = MACHINES.get(pe.FILE_HEADER.Machine, f"0x{pe.FILE_HEADER.Machine:x}")
    result = {"machine": machine, "file_version": None, "product_version": None,
              "translations": [], "last_translation": None, "strings": {}, "languages": []}
    rsrc = getattr(pe, "DIRECTORY_ENTRY_RESOURCE", None)
    types = [e for e in (rsrc.entries if rsrc else []) if e.id == RT_VERSION]
    names = [e for e in (types[0].directory.entries if types and hasattr(types[0], "directory") else [])
             if e.id == 1]
    if not names or not hasattr(names[0], "directory"):
        return result
    langs = {e.id: e for e in names[0].directory.entries if e.id is not None}
    if not langs:
        return result
    result["languages"] = sorted(langs)
    chosen = langs[pick_language(langs)]
    for attr in ("VS_VERSIONINFO", "VS_FIXEDFILEINFO", "FileInfo"):
        if hasattr(pe, attr):
            delattr(pe, attr)
    pe.parse_version_information(chosen.data.struct)
    if getattr(pe, "VS_VERSIONINFO", None):
        info = pe.VS_VERSIONINFO[0]
        fixed = getattr(pe, "VS_FIXEDFILEINFO", [None])[0]
        result["value_length"] = info.ValueLength
        if fixed is not None and info.ValueLength != 0:
            result["signature"] = fixed.Signature
            result["file_version"] = version(fixed.FileVersionMS, fixed.FileVersionLS)
            result["product_version"] = version(fixed.ProductVersionMS, fixed.ProductVersionLS)
    else:
        result["no_root"] = True
    for block in (getattr(pe, "FileInfo", None) or [[]])[0]:
        if block.Key.startswith(b"StringFileInfo") and getattr(block, "StringTable", None) \
                and not result["strings"]:
            result["strings"] = {k.decode("utf-8", "replace"): v.decode("utf-8", "replace")
                                 for k, v in block.StringTable[0].entries.items()}
        if block.Key.startswith(b"VarFileInfo"):
            for var in getattr(block, "Var", []):
                if b"Translation" in var.entry:
                    lang, cp = var.entry[b"Translation"].split()
                    result["last_translation"] = {"language": lang, "codepage": int(cp, 16)}
                    result["translations"] = all_translations(pe, var)
                    break
    return result


def compare(ours, theirs):
    """The names of the fields that disagree."""
    if "error" in theirs:
        return [] if ours["error"] else ["pefile-error"]
    if ours["error"]:
        return ["dpmlint-error"]
    diffs = []
    for field in ("machine", "file_version", "product_version"):
        if ours[field] != theirs[field]:
            diffs.append(field)
    last = ours["translations"][-1] if ours["translations"] else None
    if last != theirs["last_translation"]:
        diffs.append("translation(pefile's last pair)")
    if ours["translations"] != theirs["translations"]:
        diffs.append("translations(all pairs)")
    if ours["strings"] != theirs["strings"]:
        diffs.append("strings")
    return diffs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    details = "--details" in sys.argv
    paths = list(corpus(args))
    ours = dpmlint(paths)
    distinct = set()
    for path in paths:
        with open(path, "rb") as f:
            distinct.add(hashlib.sha256(f.read()).hexdigest())
    print(f"distinct contents (sha256): {len(distinct)}")
    counts = Counter()
    fields = Counter()
    for path in paths:
        theirs = with_pefile(path)
        mine = ours[path]
        counts["files"] += 1
        counts["dpmlint read" if not mine["error"] else "dpmlint error"] += 1
        counts["pefile error" if "error" in theirs else "pefile read"] += 1
        if not mine["error"]:
            counts["with version resource" if mine["file_version"] or mine["strings"] else
                   "without version resource"] += 1
            counts[f"machine {mine['machine']}"] += 1
        if len(theirs.get("languages", [])) > 1:
            counts["several RT_VERSION languages"] += 1
            langs = ", ".join(f"0x{lang:04x}" for lang in theirs["languages"])
            print(f"SEVERAL LANGUAGES {path}: {langs}; dpmlint read {mine['file_version']}, "
                  f"pefile read {theirs['file_version']} from 0x{pick_language(theirs['languages']):04x}")
        diffs = compare(mine, theirs)
        if diffs:
            counts["disagree"] += 1
            fields.update(diffs)
            if details or counts["disagree"] <= 20:
                print(f"DISAGREE {path}: {', '.join(diffs)}")
                print(f"  dpmlint: {json.dumps(mine, ensure_ascii=False)}")
                print(f"  pefile:  {json.dumps(theirs, ensure_ascii=False, default=str)}")
        else:
            counts["agree"] += 1
    print()
    for key, value in sorted(counts.items()):
        print(f"{key}: {value}")
    for key, value in sorted(fields.items()):
        print(f"field {key}: {value}")


if __name__ == "__main__":
    main()
