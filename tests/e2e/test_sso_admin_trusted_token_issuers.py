"""SSO Admin trusted token issuers through boto3: create, describe, update (the issuer URL is
fixed), delete, list, ClientToken retries, names and issuer URLs unique per instance, tags and
isolation (docs/sso-admin-applications.md). Each test runs in a fresh account."""

import re
import unittest
import uuid

from junction_harness import fresh_account
from test_sso_admin import SVC, instance_id, unknown_instance_arn
from test_sso_admin_applications import JWT_BEARER, ApplicationTestCase, oidc

TTI_ARN_RE = re.compile(
    r"^arn:aws:sso::(\d{12}):trustedTokenIssuer/(ssoins-[0-9a-f]{16})/"
    r"tti-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class TestTrustedTokenIssuers(ApplicationTestCase):
    def describe(self, arn, sso=None):
        resp = self.call("DescribeTrustedTokenIssuer", sso=sso, TrustedTokenIssuerArn=arn)
        return {k: v for k, v in resp.items() if k != "ResponseMetadata"}

    def unknown_arn(self):
        return (f"arn:aws:sso::{self.account}:trustedTokenIssuer/"
                f"{instance_id(self.instance_arn)}/tti-{uuid.uuid4()}")

    def test_create_and_describe(self):
        arn = self.create_issuer(name="okta", url="https://okta.example.com/oauth2/default")
        account, ins = TTI_ARN_RE.match(arn).groups()
        self.assertEqual((account, ins), (self.account, instance_id(self.instance_arn)))
        self.assertEqual(self.describe(arn), {
            "TrustedTokenIssuerArn": arn, "Name": "okta", "TrustedTokenIssuerType": "OIDC_JWT",
            "TrustedTokenIssuerConfiguration": oidc("https://okta.example.com/oauth2/default")})

    def test_unknown_instance(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.create_trusted_token_issuer(
                InstanceArn=unknown_instance_arn(), Name="x", TrustedTokenIssuerType="OIDC_JWT",
                TrustedTokenIssuerConfiguration=oidc())
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_trusted_token_issuers(InstanceArn=unknown_instance_arn())

    def test_names_and_issuer_urls_are_unique(self):
        self.create_issuer(name="one", url="https://one.example.com")
        with self.assert_client_error("ConflictException", message_contains="one"):
            self.create_issuer(name="one", url="https://other.example.com")
        with self.assert_client_error("ConflictException", message_contains="one.example.com"):
            self.create_issuer(name="two", url="https://one.example.com")
        # In another account both are free.
        other = self.client(SVC, access_key=fresh_account())
        other.create_trusted_token_issuer(
            InstanceArn=self.instance(other)["InstanceArn"], Name="one",
            TrustedTokenIssuerType="OIDC_JWT",
            TrustedTokenIssuerConfiguration=oidc("https://one.example.com"))

    def test_client_token_retry_returns_the_same_issuer(self):
        params = dict(InstanceArn=self.instance_arn, Name="retried",
                      TrustedTokenIssuerType="OIDC_JWT",
                      TrustedTokenIssuerConfiguration=oidc(), ClientToken="tti-token")
        first = self.call("CreateTrustedTokenIssuer", **params)["TrustedTokenIssuerArn"]
        again = self.call("CreateTrustedTokenIssuer", **params)["TrustedTokenIssuerArn"]
        self.assertEqual(first, again)
        with self.assert_client_error("ConflictException", message_contains="tti-token"):
            self.sso.create_trusted_token_issuer(**dict(params, Name="changed"))

    def test_update_changes_only_the_members_given(self):
        arn = self.create_issuer(name="before", url="https://fixed.example.com")
        self.call("UpdateTrustedTokenIssuer", TrustedTokenIssuerArn=arn, Name="after")
        self.assertEqual(self.describe(arn)["Name"], "after")
        self.call("UpdateTrustedTokenIssuer", TrustedTokenIssuerArn=arn,
                  TrustedTokenIssuerConfiguration={"OidcJwtConfiguration": {
                      "ClaimAttributePath": "sub"}})
        config = self.describe(arn)["TrustedTokenIssuerConfiguration"]["OidcJwtConfiguration"]
        self.assertEqual(config, {"IssuerUrl": "https://fixed.example.com",
                                  "ClaimAttributePath": "sub",
                                  "IdentityStoreAttributePath": "emails.value",
                                  "JwksRetrievalOption": "OPEN_ID_DISCOVERY"})
        self.call("UpdateTrustedTokenIssuer", TrustedTokenIssuerArn=arn,
                  TrustedTokenIssuerConfiguration={"OidcJwtConfiguration": {
                      "IdentityStoreAttributePath": "userName"}})
        config = self.describe(arn)["TrustedTokenIssuerConfiguration"]["OidcJwtConfiguration"]
        self.assertEqual((config["ClaimAttributePath"], config["IdentityStoreAttributePath"]),
                         ("sub", "userName"))

    def test_issuer_url_cannot_change(self):
        arn = self.create_issuer(url="https://fixed.example.com")
        # The update configuration has no IssuerUrl: an SDK cannot send one, and one sent by
        # hand is not a member the update knows.
        credential = f"{self.account}/20260101/us-east-1/sso/aws4_request"
        resp = self.raw_json("SWBExternalService.UpdateTrustedTokenIssuer", {
            "TrustedTokenIssuerArn": arn, "TrustedTokenIssuerConfiguration": {
                "OidcJwtConfiguration": {"IssuerUrl": "https://moved.example.com"}}},
            headers={"Authorization": f"AWS4-HMAC-SHA256 Credential={credential}, "
                                      "SignedHeaders=host, Signature=0"})
        self.assertEqual(resp.status, 200, resp)
        config = self.describe(arn)["TrustedTokenIssuerConfiguration"]["OidcJwtConfiguration"]
        self.assertEqual(config["IssuerUrl"], "https://fixed.example.com")

    def test_rename_to_a_taken_name(self):
        self.create_issuer(name="taken")
        arn = self.create_issuer(name="mine")
        with self.assert_client_error("ConflictException"):
            self.sso.update_trusted_token_issuer(TrustedTokenIssuerArn=arn, Name="taken")
        self.call("UpdateTrustedTokenIssuer", TrustedTokenIssuerArn=arn, Name="mine")
        self.assertEqual(self.describe(arn)["Name"], "mine")

    def test_delete(self):
        arn = self.create_issuer(name="gone", url="https://gone.example.com",
                                 Tags=[{"Key": "a", "Value": "1"}])
        app = self.create_app()
        self.sso.put_application_grant(
            ApplicationArn=app, GrantType=JWT_BEARER,
            Grant={"JwtBearer": {"AuthorizedTokenIssuers": [{"TrustedTokenIssuerArn": arn}]}})
        self.call("DeleteTrustedTokenIssuer", TrustedTokenIssuerArn=arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_tags_for_resource(ResourceArn=arn)
        # The grant that named it is kept; name and URL are free again.
        self.call("GetApplicationGrant", ApplicationArn=app, GrantType=JWT_BEARER)
        again = self.create_issuer(name="gone", url="https://gone.example.com")
        self.assertEqual(self.call("ListTagsForResource", ResourceArn=again)["Tags"], [])

    def test_unknown_issuer(self):
        arn = self.unknown_arn()
        for method, extra in (("describe_trusted_token_issuer", {}),
                              ("update_trusted_token_issuer", {"Name": "x"}),
                              ("delete_trusted_token_issuer", {})):
            with self.subTest(method):
                with self.assert_client_error("ResourceNotFoundException", message_contains=arn):
                    getattr(self.sso, method)(TrustedTokenIssuerArn=arn, **extra)

    def test_list_is_paginated_in_creation_order(self):
        arns = [self.create_issuer(name=f"tti-{i}") for i in range(5)]
        listed, pages = self.paginate(self.sso, "list_trusted_token_issuers",
                                      "TrustedTokenIssuers", 2, SVC,
                                      InstanceArn=self.instance_arn)
        self.assertEqual(listed, [{"TrustedTokenIssuerArn": arn, "Name": f"tti-{i}",
                                   "TrustedTokenIssuerType": "OIDC_JWT"}
                                  for i, arn in enumerate(arns)])
        self.assertEqual(pages, 3)

    def test_tags(self):
        arn = self.create_issuer(Tags=[{"Key": "a", "Value": "1"}])
        self.call("TagResource", ResourceArn=arn, InstanceArn=self.instance_arn,
                  Tags=[{"Key": "b", "Value": "2"}])
        self.call("UntagResource", ResourceArn=arn, TagKeys=["a"])
        self.assertEqual(self.call("ListTagsForResource", ResourceArn=arn)["Tags"],
                         [{"Key": "b", "Value": "2"}])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_tags_for_resource(ResourceArn=self.unknown_arn())

    def test_server_side_validation(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="issuerUrl"):
            loose.create_trusted_token_issuer(
                InstanceArn=self.instance_arn, Name="x", TrustedTokenIssuerType="OIDC_JWT",
                TrustedTokenIssuerConfiguration=oidc("ftp://issuer.example.com"))
        with self.assert_client_error("ValidationException", message_contains="name"):
            loose.create_trusted_token_issuer(
                InstanceArn=self.instance_arn, Name="has spaces", TrustedTokenIssuerType="OIDC_JWT",
                TrustedTokenIssuerConfiguration=oidc())
        self.assertEqual(self.call("ListTrustedTokenIssuers", InstanceArn=self.instance_arn)
                         ["TrustedTokenIssuers"], [])

    def test_accounts_and_regions_are_isolated(self):
        arn = self.create_issuer()
        other = self.client(SVC, access_key=fresh_account())
        with self.assert_client_error("ResourceNotFoundException"):
            other.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)
        west = self.client(SVC, region="us-west-2", access_key=self.account)
        with self.assert_client_error("ResourceNotFoundException"):
            west.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)
        resp = self.call("ListTrustedTokenIssuers", sso=west,
                         InstanceArn=self.instance(west)["InstanceArn"])
        self.assertEqual(resp["TrustedTokenIssuers"], [])


if __name__ == "__main__":
    unittest.main()
