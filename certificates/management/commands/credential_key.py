from django.core.management.base import BaseCommand
from nacl.signing import SigningKey

from certificates.credentials import issuer_key, secret_key_multibase, signing_available
from certificates.credentials.keys import public_key_multibase


class Command(BaseCommand):
    help = (
        "Create a new Ed25519 key for signing certificates' credentials and QR codes (prints "
        "the CREDENTIAL_SIGNING_KEY value and its public key), or --show the current public key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--show", action="store_true", help="Print the key in use and its DID key id."
        )

    def handle(self, *args, show=False, **options):
        if show:
            if not signing_available():
                self.stderr.write("No CREDENTIAL_SIGNING_KEY is set.")
                return
            key = issuer_key()
            self.stdout.write(f"{key.verification_method} {key.public_key_multibase}")
            return
        key = SigningKey.generate()
        self.stdout.write(f"CREDENTIAL_SIGNING_KEY={secret_key_multibase(key)}")
        self.stdout.write(
            f"# public key (publicKeyMultibase): {public_key_multibase(key.verify_key)}"
        )
