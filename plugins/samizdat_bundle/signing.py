"""Ed25519 signatures in minisign's format, with py-minisign.

The stock ``minisign -Vm MANIFEST.sha256 -P <key>`` verifies what this writes.
The trusted comment (signed too) carries what a reader needs to know about
the copy, as tab-separated ``key:value`` fields:

    site:<name>  version:<int>  date:<ISO 8601>  [base:<sha256>]  [key:test]

``version`` only goes up from one copy to the next; ``base`` (update packs
only) is the SHA-256 of the manifest the pack applies to.

Data shapes:
    KeyFiles(secret: Path, public: Path)
    CopyInfo(site, version, date, base, test_key)
    sign(data: bytes, secret_key_file, info) -> bytes (the .minisig file)
    verify(data: bytes, signature: bytes, public_key: str) -> CopyInfo
"""

import os
from dataclasses import dataclass
from pathlib import Path

import minisign

# Outside the repository and the output: `make keys` puts the pair here.
# Builds get another folder from the SAMIZDAT_BUNDLE_KEY_DIR setting, the
# command line from --key-dir; "~" is expanded when the folder is used.
DEFAULT_KEY_DIR = os.path.join("~", ".config", "samizdat", "keys")
SECRET_NAME = "samizdat.key"
PUBLIC_NAME = "samizdat.pub"
TEST_KEY_COMMENT = "THROWAWAY TEST KEY - do not publish copies signed with it"


class SignatureError(ValueError):
    """The signature does not check out; the message says how."""


@dataclass(frozen=True)
class KeyFiles:
    secret: Path
    public: Path

    @classmethod
    def in_folder(cls, folder: str | os.PathLike) -> "KeyFiles":
        folder = Path(folder).expanduser()
        return cls(folder / SECRET_NAME, folder / PUBLIC_NAME)

    def exist(self) -> bool:
        return self.secret.is_file() and self.public.is_file()


@dataclass(frozen=True)
class CopyInfo:
    site: str
    version: int
    date: str
    base: str | None = None
    test_key: bool = False

    def trusted_comment(self) -> str:
        fields = [f"site:{self.site}", f"version:{self.version}", f"date:{self.date}"]
        if self.base:
            fields.append(f"base:{self.base}")
        if self.test_key:
            fields.append("key:test")
        return "\t".join(fields)

    @classmethod
    def from_trusted_comment(cls, comment: str) -> "CopyInfo":
        fields = dict(part.partition(":")[::2] for part in comment.split("\t"))
        try:
            return cls(
                site=fields["site"],
                version=int(fields["version"]),
                date=fields["date"],
                base=fields.get("base"),
                test_key=fields.get("key") == "test",
            )
        except (KeyError, ValueError) as error:
            raise SignatureError(
                f"the signed comment is not a Samizdat copy's: {comment!r}"
            ) from error


def create_keys(files: KeyFiles, *, test_key: bool = False) -> None:
    """A new key pair; refuses to overwrite an existing one."""
    if files.secret.exists() or files.public.exists():
        raise FileExistsError(f"a key already exists in {files.secret.parent}")
    files.secret.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pair = minisign.KeyPair.generate()
    if test_key:
        pair.public_key.untrusted_comment = TEST_KEY_COMMENT
    descriptor = os.open(files.secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(bytes(pair.secret_key) + b"\n")
    files.public.write_bytes(bytes(pair.public_key) + b"\n")


def is_test_key(public_file: Path) -> bool:
    return TEST_KEY_COMMENT in public_file.read_text(encoding="utf-8")


def public_key_text(public_file: Path) -> str:
    """The base64 line of a public key file: what ``minisign -P`` takes."""
    return public_file.read_text(encoding="utf-8").splitlines()[1].strip()


def sign(data: bytes, secret_file: Path, info: CopyInfo) -> bytes:
    secret = minisign.SecretKey.from_file(secret_file)
    signature = secret.sign(
        data,
        prehash=True,
        untrusted_comment=f"Samizdat copy {info.site}, version {info.version}",
        trusted_comment=info.trusted_comment(),
    )
    return bytes(signature) + b"\n"


def verify(data: bytes, signature: bytes, public_key: str) -> CopyInfo:
    """Check `signature` over `data` with a base64 public key; return its info."""
    try:
        parsed = minisign.Signature.from_bytes(signature)
        key = minisign.PublicKey.from_base64(public_key)
    except minisign.ParseError as error:
        raise SignatureError(f"unreadable signature or key: {error}") from error
    try:
        key.verify(data, parsed)
    except minisign.VerifyError as error:
        if "key identifiers" in str(error):
            raise SignatureError(
                "signed with a different key than the public key given"
            ) from error
        raise SignatureError(
            "signature is not valid: the manifest or the signed comment was changed"
        ) from error
    return CopyInfo.from_trusted_comment(parsed.trusted_comment)
