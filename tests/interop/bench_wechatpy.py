"""wechatpy's decrypt_message on the messages of wechat/benches/callback_decrypt.rs.

  tests/interop/bench_wechatpy.sh     (makes the venv, then runs this)

Prints microseconds per message for:
  decrypt_message      envelope parse + msg_signature + AES + unpad + appid check
  + parse_message      the above plus wechatpy's typed parse
"""

import timeit

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto

TOKEN = "spamtest"
KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx2c2769f8efd9abc2"


def text_message(target_len):
    head = (
        "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"
        "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>"
        "<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
    )
    tail = "]]></Content><MsgId>6054768590064713728</MsgId></xml>"
    return head + "x" * max(0, target_len - len(head) - len(tail)) + tail


def per_call_us(fn, min_seconds=1.0):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    while True:
        best = min(timer.repeat(repeat=5, number=number))
        if best * 5 >= min_seconds or number > 10_000_000:
            return best / number * 1e6
        number *= 2


def main():
    crypto = WeChatCrypto(TOKEN, KEY, APPID)
    for label, size in (("300B", 300), ("4KiB", 4096)):
        plaintext = text_message(size)
        envelope = crypto.encrypt_message(plaintext, "1320562132", "1409735669")
        signature = envelope.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
        assert crypto.decrypt_message(envelope, signature, "1409735669", "1320562132") == plaintext
        decrypt = lambda: crypto.decrypt_message(envelope, signature, "1409735669", "1320562132")
        full = lambda: parse_message(decrypt())
        print("wechatpy %-5s decrypt_message:           %8.2f us" % (label, per_call_us(decrypt)))
        print("wechatpy %-5s decrypt_message + parse:   %8.2f us" % (label, per_call_us(full)))


if __name__ == "__main__":
    main()
