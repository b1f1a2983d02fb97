#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/weights/safetensors-headers.json: a table of
safetensors headers and whether the safetensors library opens a file with that header.

Each case is a header (bytes) and a data-section length; the file is the 8-byte little-endian
header length, the header, then that many zero bytes. The expected outcome is whether
`safetensors.safe_open(path, "np")` (the library's Rust reader: serde_json into `Metadata`,
then `Metadata::validate`) opens it. SafeTensorsReaderHeaderTableTests reads every case with
SafeTensorsReader and checks that it accepts and refuses exactly the same headers.

Run with the reference venv: /tmp/ref/bin/python scripts/safetensors_header_table.py
"""
import base64
import json
import os
import struct
import tempfile

import safetensors
from safetensors import safe_open

A = '"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}'
B = '"b":{"dtype":"I8","shape":[3],"data_offsets":[16,19]}'


def obj(*members):
    return "{" + ",".join(members) + "}"


def tensor(name="a", dtype='"F32"', shape="[2,2]", offsets="[0,16]", extra=""):
    return f'"{name}":{{"dtype":{dtype},"shape":{shape},"data_offsets":{offsets}{extra}}}'


def nested(depth, inner="0"):
    return "[" * depth + inner + "]" * depth


CASES = [
    # (description, header text or bytes, data length)
    ("one tensor", obj(A), 16),
    ("two tensors", obj(A, B), 19),
    ("two tensors, written in reverse", obj(B, A), 19),
    ("empty header", "{}", 0),
    ("only metadata", obj('"__metadata__":{"format":"pt"}'), 0),
    ("metadata and a tensor", obj('"__metadata__":{"format":"pt","k":"v"}', A), 16),
    ("metadata after the tensor", obj(A, '"__metadata__":{"format":"pt"}'), 16),
    ("metadata null", obj('"__metadata__":null', A), 16),
    ("metadata empty", obj('"__metadata__":{}', A), 16),
    ("metadata value a number", obj('"__metadata__":{"k":1}', A), 16),
    ("metadata value null", obj('"__metadata__":{"k":null}', A), 16),
    ("metadata value an object", obj('"__metadata__":{"k":{}}', A), 16),
    ("metadata a string", obj('"__metadata__":"pt"', A), 16),
    ("metadata a list", obj('"__metadata__":[]', A), 16),
    ("metadata twice", obj('"__metadata__":{"a":"1"}', A, '"__metadata__":{"b":"2"}'), 16),
    ("metadata key twice", obj('"__metadata__":{"k":"1","k":"2"}', A), 16),
    ("metadata with escapes", obj('"__metadata__":{"k\\n":"a\\"b\\\\c\\/d\\b\\f\\r\\t\\u00e9\\ud83d\\ude00"}', A), 16),
    ("metadata with raw unicode", obj('"__metadata__":{"clé":"数据 🙂"}', A), 16),
    ("whitespace everywhere", ' {\n\t"a" : { "dtype" : "F32" , "shape" : [ 2 , 2 ] , "data_offsets" : [ 0 , 16 ] } \r\n} ', 16),
    ("leading space before the brace", " " + obj(A), 16),
    ("trailing spaces (the library's padding)", obj(A) + "        ", 16),
    ("trailing newline and tab", obj(A) + "\n\t\r", 16),
    ("trailing NUL padding", obj(A).encode() + b"\0\0\0\0", 16),
    ("trailing garbage", obj(A) + "x", 16),
    ("trailing second object", obj(A) + "{}", 16),
    ("truncated object", obj(A)[:-1], 16),
    ("truncated inside a list", '{"a":{"dtype":"F32","shape":[2,2', 16),
    ("trailing comma in the object", "{" + A + ",}", 16),
    ("trailing comma in a shape", obj(tensor(shape="[2,2,]")), 16),
    ("comment", "{" + A + "/* c */}", 16),
    ("single quotes", "{'a':{}}", 0),
    ("unquoted key", '{a:{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}', 16),
    ("top level a list", "[]", 0),
    ("top level a string", '"x"', 0),
    ("top level null", "null", 0),
    ("tensor name with escapes", obj(tensor(name='a\\u0041\\n\\"q')), 16),
    ("tensor name with raw unicode", obj(tensor(name="poids.ü.数")), 16),
    ("tensor name empty", obj(tensor(name="")), 16),
    ("tensor name with a lone high surrogate", obj(tensor(name="a\\ud800")), 16),
    ("tensor name with a lone low surrogate", obj(tensor(name="a\\udc00")), 16),
    ("tensor name with a bad escape", obj(tensor(name="a\\x")), 16),
    ("tensor name with a short unicode escape", obj(tensor(name="a\\u12")), 16),
    ("raw tab in a string", obj(tensor(name="a\tb")), 16),
    ("raw newline in a string", obj(tensor(name="a\nb")), 16),
    ("raw DEL in a string", obj(tensor(name="a\x7fb")), 16),
    ("non-UTF-8 byte in a name", b'{"a\xff":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}', 16),
    ("overlong UTF-8 in a name", b'{"a\xc0\xaf":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}', 16),
    ("UTF-8 surrogate bytes in a name", b'{"a\xed\xa0\x80":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}', 16),
    ("non-UTF-8 byte in trailing padding", obj(A).encode() + b" \xff", 16),
    ("UTF-8 byte order mark", b"\xef\xbb\xbf" + obj(A).encode(), 16),
    ("same tensor twice", obj(A, A), 16),
    ("same tensor twice, second different", obj(A, tensor(shape="[4]")), 16),
    ("same name twice, first invalid", obj(tensor(dtype='"X"'), A), 16),
    ("dtype twice", obj(tensor(extra=',"dtype":"F32"')), 16),
    ("shape twice", obj(tensor(extra=',"shape":[4]')), 16),
    ("data_offsets twice", obj(tensor(extra=',"data_offsets":[0,16]')), 16),
    ("extra field string", obj(tensor(extra=',"note":"x"')), 16),
    ("extra field object", obj(tensor(extra=',"note":{"x":[1,2.5,null,true,false]}')), 16),
    ("extra field float", obj(tensor(extra=',"note":-1.5e-3')), 16),
    ("extra field huge float", obj(tensor(extra=',"note":1e400')), 16),
    ("extra field tiny float", obj(tensor(extra=',"note":1e-400')), 16),
    ("extra field huge integer", obj(tensor(extra=',"note":123456789012345678901234567890')), 16),
    ("extra field bad number", obj(tensor(extra=',"note":01')), 16),
    ("extra field bare minus", obj(tensor(extra=',"note":-')), 16),
    ("extra field 1.", obj(tensor(extra=',"note":1.')), 16),
    ("extra field .5", obj(tensor(extra=',"note":.5')), 16),
    ("extra field +1", obj(tensor(extra=',"note":+1')), 16),
    ("extra field 1e", obj(tensor(extra=',"note":1e')), 16),
    ("extra field NaN", obj(tensor(extra=',"note":NaN')), 16),
    ("extra field true", obj(tensor(extra=',"note":true')), 16),
    ("extra field tru", obj(tensor(extra=',"note":tru')), 16),
    ("extra field nested 120 deep", obj(tensor(extra=',"note":' + nested(120))), 16),
    ("extra field nested 125 deep", obj(tensor(extra=',"note":' + nested(125))), 16),
    ("extra field nested 126 deep", obj(tensor(extra=',"note":' + nested(126))), 16),
    ("extra field nested 127 deep", obj(tensor(extra=',"note":' + nested(127))), 16),
    ("extra field nested 128 deep", obj(tensor(extra=',"note":' + nested(128))), 16),
    ("extra field nested 200 deep", obj(tensor(extra=',"note":' + nested(200))), 16),
    ("extra field objects nested 126 deep", obj(tensor(extra=',"note":' + '{"k":' * 126 + "0" + "}" * 126)), 16),
    ("extra field objects nested 127 deep", obj(tensor(extra=',"note":' + '{"k":' * 127 + "0" + "}" * 127)), 16),
    ("extra field with a duplicate key", obj(tensor(extra=',"note":{"x":1,"x":2}')), 16),
    ("extra top-level field a number", obj(A, '"n":1'), 16),
    ("extra top-level field a string", obj(A, '"n":"x"'), 16),
    ("missing dtype", obj('"a":{"shape":[2,2],"data_offsets":[0,16]}'), 16),
    ("missing shape", obj('"a":{"dtype":"F32","data_offsets":[0,16]}'), 16),
    ("missing data_offsets", obj('"a":{"dtype":"F32","shape":[2,2]}'), 16),
    ("tensor a list", obj('"a":[]'), 0),
    ("tensor null", obj('"a":null'), 0),
    ("tensor a string", obj('"a":"F32"'), 0),
    ("dtype lower case", obj(tensor(dtype='"f32"')), 16),
    ("dtype unknown", obj(tensor(dtype='"F128"')), 16),
    ("dtype a number", obj(tensor(dtype="4")), 16),
    ("dtype null", obj(tensor(dtype="null")), 16),
    ("dtype with an escape", obj(tensor(dtype='"F\\u0033\\u0032"')), 16),
    ("dtype BF16", obj(tensor(dtype='"BF16"', offsets="[0,8]")), 8),
    ("dtype BOOL", obj(tensor(dtype='"BOOL"', offsets="[0,4]")), 4),
    ("dtype F8_E4M3", obj(tensor(dtype='"F8_E4M3"', offsets="[0,4]")), 4),
    ("dtype F8_E5M2", obj(tensor(dtype='"F8_E5M2"', offsets="[0,4]")), 4),
    ("dtype U64", obj(tensor(dtype='"U64"', offsets="[0,32]")), 32),
    ("shape empty (a scalar)", obj(tensor(shape="[]", offsets="[0,4]")), 4),
    ("shape with a zero", obj(tensor(shape="[0,2]", offsets="[0,0]")), 0),
    ("shape 2.0", obj(tensor(shape="[2.0,2]")), 16),
    ("shape 2e0", obj(tensor(shape="[2e0,2]")), 16),
    ("shape 2E0", obj(tensor(shape="[2E0,2]")), 16),
    ("shape -2", obj(tensor(shape="[-2,-2]")), 16),
    ("shape -0", obj(tensor(shape="[-0,2]", offsets="[0,0]")), 0),
    ("shape 02", obj(tensor(shape="[02,2]")), 16),
    ("shape a string", obj(tensor(shape='["2",2]')), 16),
    ("shape null", obj(tensor(shape="null")), 16),
    ("shape a number", obj(tensor(shape="4", offsets="[0,16]")), 16),
    ("shape nested", obj(tensor(shape="[[2,2]]")), 16),
    ("shape true", obj(tensor(shape="[true]", offsets="[0,4]")), 4),
    ("shape 2^64", obj(tensor(shape="[18446744073709551616]")), 16),
    ("shape 2^64-1 (overflows bytes)", obj(tensor(shape="[18446744073709551615]")), 16),
    ("shape 2^63 (overflows bytes)", obj(tensor(shape="[9223372036854775808]")), 16),
    ("shape whose product overflows", obj(tensor(shape="[4294967296,4294967296]")), 16),
    # The library multiplies the elements by the dtype's bits (`nbits`) with overflow checks:
    # 2^60 F32 elements are 2^65 bits, refused though the bytes (2^62) fit 64 bits.
    ("shape 2^60 of F32 (bits overflow)", obj(tensor(shape="[1152921504606846976]", offsets="[0,4611686018427387904]")), 0),
    ("shape 2^30 x 2^30 of F32 (bits overflow)", obj(tensor(shape="[1073741824,1073741824]", offsets="[0,4611686018427387904]")), 0),
    ("offsets 16.0", obj(tensor(offsets="[0,16.0]")), 16),
    ("offsets 1.6e1", obj(tensor(offsets="[0,1.6e1]")), 16),
    ("offsets negative", obj(tensor(offsets="[-16,0]")), 16),
    ("offsets three", obj(tensor(offsets="[0,16,16]")), 16),
    ("offsets one", obj(tensor(offsets="[16]")), 16),
    ("offsets empty", obj(tensor(offsets="[]")), 16),
    ("offsets an object", obj(tensor(offsets='{"0":0,"1":16}')), 16),
    ("offsets strings", obj(tensor(offsets='["0","16"]')), 16),
    ("offsets reversed", obj(tensor(offsets="[16,0]")), 16),
    ("offsets span too short", obj(tensor(offsets="[0,8]")), 8),
    ("offsets span too long", obj(tensor(offsets="[0,20]")), 20),
    ("offsets start after zero (a gap)", obj(tensor(offsets="[4,20]")), 20),
    ("two tensors overlapping", obj(A, tensor(name="b", dtype='"I8"', shape="[3]", offsets="[15,18]")), 18),
    ("two tensors with a gap", obj(A, tensor(name="b", dtype='"I8"', shape="[3]", offsets="[17,20]")), 20),
    ("data section longer than the tensors", obj(A), 20),
    ("data section shorter than the tensors", obj(A), 12),
    ("offsets 2^64", obj(tensor(offsets="[0,18446744073709551616]")), 16),
    ("tensor as a list [dtype, shape, offsets]", obj('"a":["F32",[2,2],[0,16]]'), 16),
    ("tensor as a list of two", obj('"a":["F32",[2,2]]'), 16),
    ("tensor as a list of four", obj('"a":["F32",[2,2],[0,16],1]'), 16),
    ("dtype as an enum map", obj(tensor(dtype='{"F32":null}')), 16),
    ("dtype as an enum map with an escaped name", obj(tensor(dtype='{"F\\u0033\\u0032":null}')), 16),
    ("dtype as an enum map with a list", obj(tensor(dtype='{"F32":[]}')), 16),
    ("dtype as an enum map with a number", obj(tensor(dtype='{"F32":1}')), 16),
    ("dtype as an enum map of two", obj(tensor(dtype='{"F32":null,"F16":null}')), 16),
    ("dtype as an empty map", obj(tensor(dtype="{}")), 16),
    ("dtype as a list", obj(tensor(dtype='["F32"]')), 16),
    ("dtype as an enum map of an unknown type", obj(tensor(dtype='{"X":null}')), 16),
    ("lone surrogate in an ignored field", obj(tensor(extra=',"x":{"y":"\\ud800"}')), 16),
    ("escaped NUL in metadata", obj('"__metadata__":{"k":"v\\u0000"}', A), 16),
    ("tensor as a list beside an object", obj(A, '"b":["I8",[0],[16,16]]'), 16),
    ("dtype C64 (the library's complex type)", obj(tensor(dtype='"C64"', offsets="[0,32]")), 32),
    ("field names with escapes", obj('"a":{"d\\u0074ype":"F32","shape":[2,2],"data_\\u006fffsets":[0,16]}'), 16),
    ("misspelt field name with an escape (data_ofsets)", obj('"a":{"dtype":"F32","shape":[2,2],"data_\\u006ffsets":[0,16]}'), 16),
    ("metadata key with an escape", obj('"\\u005f_metadata__":{"k":"v"}', A), 16),
    ("metadata null twice", obj('"__metadata__":null', A, '"__metadata__":null'), 16),
    ("empty tensors at one offset", obj(tensor(shape="[0]", offsets="[0,0]"), tensor(name="b", shape="[0]", offsets="[0,0]")), 0),
]


def opens(path):
    try:
        with safe_open(path, framework="np") as f:
            tensors = {}
            for name in f.keys():
                view = f.get_slice(name)
                tensors[name] = {"dtype": view.get_dtype(), "shape": view.get_shape()}
            return True, "", {"metadata": f.metadata(), "tensors": tensors}
    except Exception as error:  # the library raises SafetensorError (and others for bad JSON)
        return False, f"{type(error).__name__}: {error}", {}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "Tests/CatalogImportTests/Fixtures/weights/safetensors-headers.json")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, (description, header, data_length) in enumerate(CASES):
            raw = header if isinstance(header, bytes) else header.encode("utf-8")
            path = os.path.join(tmp, f"{index}.safetensors")
            with open(path, "wb") as f:
                f.write(struct.pack("<Q", len(raw)) + raw + b"\0" * data_length)
            accepted, error, seen = opens(path)
            rows.append({
                "description": description,
                "header": base64.b64encode(raw).decode("ascii"),
                "dataLength": data_length,
                "accepted": accepted,
                "libraryError": error,
                **seen,
            })
    table = {"library": f"safetensors {safetensors.__version__} (safe_open)", "cases": rows}
    with open(out, "w") as f:
        json.dump(table, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(rows)} cases, {sum(r['accepted'] for r in rows)} accepted -> {out}")


if __name__ == "__main__":
    main()
