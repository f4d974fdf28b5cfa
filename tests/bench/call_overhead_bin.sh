# Run by the call-overhead scripts: builds the call_overhead bench (release) and
# prints the path of its executable. Run from the workspace root.
cargo bench -p wechat --bench call_overhead --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "call_overhead" and m.get("executable"):
        print(m["executable"])'
