"""The C2PA manifest (content credentials) with c2pa-python: an "AI-generated" creation action
(IPTC digital source type `trainedAlgorithmicMedia`) plus the GB 45438 AIGC label as an assertion,
signed into the MP4 (`uuid` box) entirely offline.

Signing needs a certificate. The studio passes the organisation's; without one a self-signed
test chain (a CA and an ES256 end-entity certificate) is generated at run time with
`cryptography` and kept in the project, so readers report the manifest valid but its signer
untrusted. If c2pa-python is not installed or fails, the unsigned manifest is written beside the
file as `<name>.c2pa-sidecar.json` and the reason is recorded.
"""

from __future__ import annotations

import datetime
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from microdrama import __version__ as _version

DIGITAL_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
AIGC_ASSERTION = "cn.gb45438.aigc"
SIDECAR_SUFFIX = ".c2pa-sidecar.json"
_SETTINGS = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}  # never touch the network


@dataclass(frozen=True)
class SigningCredentials:
    cert_chain_pem: bytes  # end-entity certificate first, then its issuers
    private_key_pem: bytes
    alg: str = "es256"
    test: bool = False


@dataclass(frozen=True)
class ProvenanceResult:
    mode: str  # "embedded" | "sidecar"
    note: str = ""
    sidecar: Path | None = None


def self_signed_credentials(folder: Path | None = None) -> SigningCredentials:
    """A self-signed CA and an ES256 signing certificate under it (C2PA wants a chain: a
    self-signed end-entity certificate is refused). Reused from `folder` when it holds one."""
    if folder is not None:
        cert, key = folder / "c2pa-test-chain.pem", folder / "c2pa-test-key.pem"
        if cert.is_file() and key.is_file():
            return SigningCredentials(cert.read_bytes(), key.read_bytes(), test=True)
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "microdrama AI lab (test)"),
            ]
        )

    def usage(**on: bool) -> x509.KeyUsage:
        flags = dict.fromkeys(
            (
                "digital_signature",
                "content_commitment",
                "key_encipherment",
                "data_encipherment",
                "key_agreement",
                "key_cert_sign",
                "crl_sign",
                "encipher_only",
                "decipher_only",
            ),
            False,
        )
        return x509.KeyUsage(**{**flags, **on})

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("microdrama test CA"))
        .issuer_name(name("microdrama test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name("microdrama AI lab signer"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(digital_signature=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    chain = leaf.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "c2pa-test-chain.pem").write_bytes(chain)
        key_file = folder / "c2pa-test-key.pem"
        key_file.write_bytes(pem)
        key_file.chmod(0o600)
    return SigningCredentials(chain, pem, test=True)


def manifest_definition(title: str, aigc: dict[str, str]) -> dict:
    return {
        "claim_generator_info": [{"name": "microdrama AI 创作实验室", "version": _version}],
        "title": title,
        "format": "video/mp4",
        "assertions": [
            {
                "label": "c2pa.actions.v2",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": DIGITAL_SOURCE_TYPE,
                            "softwareAgent": {"name": "microdrama creation engine", "version": _version},
                        },
                    ]
                },
            },
            {"label": AIGC_ASSERTION, "data": aigc},
        ],
    }


def _context():
    import c2pa

    return c2pa.Context(c2pa.Settings.from_dict(_SETTINGS))


def sign(
    src: Path, dst: Path, *, title: str, aigc: dict[str, str], credentials: SigningCredentials
) -> ProvenanceResult:
    """Write `src` to `dst` with an embedded, signed C2PA manifest (or a sidecar if that fails)."""
    manifest = manifest_definition(title, aigc)
    try:
        import c2pa

        signer = c2pa.Signer.from_info(
            c2pa.C2paSignerInfo(
                credentials.alg, credentials.cert_chain_pem, credentials.private_key_pem, None
            )
        )
        with c2pa.Builder(manifest, context=_context()) as builder:
            builder.sign_file(str(src), str(dst), signer)
        note = "测试证书自签名（验证结果：签名有效，签名者不受信任）" if credentials.test else ""
        return ProvenanceResult("embedded", note)
    except ImportError as exc:
        reason = f"未安装 c2pa-python（{exc}）"
    except Exception as exc:  # c2pa raises its own error tree; any failure falls back to the sidecar
        reason = f"c2pa-python 签名失败：{exc.__class__.__name__}: {exc}"
    if src != dst:
        shutil.copyfile(src, dst)
    sidecar = dst.with_name(dst.name + SIDECAR_SUFFIX)
    sidecar.write_text(
        json.dumps({"unsigned_manifest": manifest, "reason": reason}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    return ProvenanceResult("sidecar", reason, sidecar)


@dataclass(frozen=True)
class ProvenanceReading:
    present: bool
    embedded: bool
    validation_state: str = ""
    ai_generated: bool = False
    aigc: dict | None = None
    detail: str = ""


def read(path: Path) -> ProvenanceReading:
    """What C2PA provenance a file carries: an embedded manifest, or our sidecar beside it."""
    try:
        import c2pa

        reader = c2pa.Reader.try_create(str(path), context=_context())
    except ImportError:
        reader, error = None, "未安装 c2pa-python"
    except Exception as exc:
        reader, error = None, f"{exc.__class__.__name__}: {exc}"
    else:
        error = ""
    if reader is not None:
        with reader:
            store = json.loads(reader.json())
        active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
        assertions = {a.get("label"): a.get("data") for a in active.get("assertions", [])}
        actions = (assertions.get("c2pa.actions.v2") or assertions.get("c2pa.actions") or {}).get(
            "actions", []
        )
        ai = any(a.get("digitalSourceType") == DIGITAL_SOURCE_TYPE for a in actions)
        state = str(store.get("validation_state", ""))
        return ProvenanceReading(
            True,
            True,
            state,
            ai,
            assertions.get(AIGC_ASSERTION),
            f"C2PA 清单已嵌入，验证状态 {state or '未知'}",
        )
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        return ProvenanceReading(
            True,
            False,
            "unsigned",
            True,
            next(
                (a["data"] for a in data["unsigned_manifest"]["assertions"] if a["label"] == AIGC_ASSERTION),
                None,
            ),
            f"旁路清单文件（未签名）：{sidecar.name}；原因：{data.get('reason', '')}",
        )
    return ProvenanceReading(False, False, detail=error or "没有 C2PA 清单")
