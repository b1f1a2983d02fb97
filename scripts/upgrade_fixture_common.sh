# Sourced by make_schema_*_fixture.sh (from the repository's root, with `out` set): creates the
# fixture's folder, a temporary `work` folder removed on exit, and in it `user-mlp.json`, the
# architecture "a user added" that every upgrade fixture holds.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
cat >"$work/user-mlp.json" <<'JSON'
{"name": "user-mlp", "description": "added by a user; quotes ' \" and a semicolon ;", "tags": ["mine"],
 "input": [784], "layers": [{"type": "Dense", "name": "hidden", "units": 128},
 {"type": "Dropout", "rate": 0.2}, {"type": "Dense", "name": "out", "units": 10}]}
JSON
