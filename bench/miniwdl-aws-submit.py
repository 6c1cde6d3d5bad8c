"""miniwdl-aws-submit, unchanged, with every boto3 client given AWS_ENDPOINT_URL (Debian's botocore predates the
SDKs' AWS_ENDPOINT_URL setting). Used by bench/startup-ratios.sh to time it against aws-emulator."""
import os
import sys

import botocore.session

_create_client = botocore.session.Session.create_client


def _create_client_at_endpoint(self, *args, **kwargs):
    if kwargs.get("endpoint_url") is None:
        kwargs["endpoint_url"] = os.environ["AWS_ENDPOINT_URL"]
    return _create_client(self, *args, **kwargs)


botocore.session.Session.create_client = _create_client_at_endpoint

from miniwdl_aws.__main__ import main  # noqa: E402  (after the patch: it imports boto3 clients lazily anyway)

main(sys.argv)
