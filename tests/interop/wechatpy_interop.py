"""Interop with wechatpy's WeChatCrypto (the Python SDK most servers use).

  python wechatpy_interop.py encrypt DIR   # wechatpy encrypts: DIR/from_wechatpy.json
  python wechatpy_interop.py decrypt DIR   # wechatpy decrypts DIR/from_rust.json

Exit status 0 only when every message round-trips.
"""

import json
import sys

from wechatpy.crypto import WeChatCrypto

TOKEN = "interop-token"
KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx2c2769f8efd9abc2"


def messages():
    """Plaintexts of every pad value (lengths 0..96), CJK, XML specials, and ~4 KiB."""
    out = []
    for n in range(0, 97):
        out.append("<xml><Content><![CDATA[" + "a" * n + "]]></Content></xml>")
    out.append("<xml><Content><![CDATA[我是中文abcd123 ✓]]></Content></xml>")
    out.append("<xml><Content>&lt;&amp;&gt; \"quotes\" 'apos'</Content></xml>")
    out.append("<xml><Content><![CDATA[" + "长" * 1400 + "]]></Content></xml>")
    return out


def encrypt(directory):
    crypto = WeChatCrypto(TOKEN, KEY, APPID)
    cases = []
    for i, plaintext in enumerate(messages()):
        nonce = "nonce%d" % i
        timestamp = str(1700000000 + i)
        envelope = crypto.encrypt_message(plaintext, nonce, timestamp)
        # The query's msg_signature is the envelope's MsgSignature.
        signature = envelope.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
        cases.append(
            {
                "plaintext": plaintext,
                "body": envelope,
                "msg_signature": signature,
                "timestamp": timestamp,
                "nonce": nonce,
            }
        )
    with open(directory + "/from_wechatpy.json", "w", encoding="utf-8") as f:
        json.dump({"token": TOKEN, "key": KEY, "appid": APPID, "cases": cases}, f, ensure_ascii=False)
    print("wechatpy encrypted %d messages" % len(cases))


def decrypt(directory):
    crypto = WeChatCrypto(TOKEN, KEY, APPID)
    with open(directory + "/from_rust.json", encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    failures = 0
    for case in cases:
        try:
            plaintext = crypto.decrypt_message(
                case["body"], case["msg_signature"], case["timestamp"], case["nonce"]
            )
        except Exception as e:  # noqa: BLE001 - report every failure
            print("wechatpy could not decrypt a Rust reply: %r" % e)
            failures += 1
            continue
        if plaintext != case["plaintext"]:
            print("mismatch: %r != %r" % (plaintext[:60], case["plaintext"][:60]))
            failures += 1
    if not cases:
        print("no Rust replies to check")
        return 1
    print("wechatpy decrypted %d Rust replies, %d failures" % (len(cases), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    mode, directory = sys.argv[1], sys.argv[2]
    if mode == "encrypt":
        encrypt(directory)
        sys.exit(0)
    sys.exit(decrypt(directory))
