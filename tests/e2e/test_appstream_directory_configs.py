"""AppStream directory configs through boto3: CreateDirectoryConfig, DescribeDirectoryConfigs,
UpdateDirectoryConfig, DeleteDirectoryConfig; the service account's password is kept and never
returned; fleets and image builders join only a directory the account has configured."""

import json
import unittest

from appstream_case import DIRECTORY, OU, SERVICE, AppStreamCase

PASSWORD = "Sup3r-S3cret!"
CBA = {"Status": "ENABLED",
       "CertificateAuthorityArn": "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/abc"}
OTHER_OU = "OU=Kiosks,DC=corp,DC=example,DC=com"


class TestDirectoryConfigs(AppStreamCase):
    def assert_no_password(self, resp):
        """The password is in no answer: not in the parsed response, nor on the wire."""
        self.assertNotIn(PASSWORD, json.dumps(resp, default=str))
        body = resp["ResponseMetadata"].get("Junction", {}).get("body", b"")
        self.assertNotIn(PASSWORD.encode(), body)

    def check(self, operation, **params):
        resp = self.ok_directory_config(operation, **params)
        self.assert_no_password(resp)
        return resp

    def test_create_describe(self):
        resp = self.check("create_directory_config", DirectoryName=DIRECTORY,
                          OrganizationalUnitDistinguishedNames=[OU],
                          ServiceAccountCredentials={"AccountName": "CORP\\svc",
                                                     "AccountPassword": PASSWORD},
                          CertificateBasedAuthProperties=CBA)
        config = resp["DirectoryConfig"]
        self.assertEqual((config["DirectoryName"], config["OrganizationalUnitDistinguishedNames"],
                          config["ServiceAccountCredentials"], config["CertificateBasedAuthProperties"]),
                         (DIRECTORY, [OU], {"AccountName": "CORP\\svc"}, CBA))
        self.assertIn("CreatedTime", config)
        described = self.check("describe_directory_configs", DirectoryNames=[DIRECTORY])
        self.assertEqual(described["DirectoryConfigs"], [config])
        self.assertEqual(self.check("describe_directory_configs")["DirectoryConfigs"], [config])
        with self.assert_client_error("ResourceAlreadyExistsException", message_contains=DIRECTORY):
            self.create_directory_config()
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_directory_configs(DirectoryNames=["nope.example.com"])

    def test_without_credentials_and_pages(self):
        for name in ("b.example.com", "a.example.com", "c.example.com"):
            self.ok("create_directory_config", DirectoryName=name,
                    OrganizationalUnitDistinguishedNames=[OU],
                    CertificateBasedAuthProperties={"Status": "ENABLED_NO_DIRECTORY_LOGIN_FALLBACK"})
        items, pages = self.paginate(self.c, "describe_directory_configs", "DirectoryConfigs", 2,
                                     SERVICE)
        self.assertEqual(([c["DirectoryName"] for c in items], pages),
                         (["a.example.com", "b.example.com", "c.example.com"], 2))
        self.assertNotIn("ServiceAccountCredentials", items[0])

    def test_update(self):
        self.create_directory_config(CertificateBasedAuthProperties=CBA)
        resp = self.check("update_directory_config", DirectoryName=DIRECTORY,
                          OrganizationalUnitDistinguishedNames=[OU, OTHER_OU],
                          CertificateBasedAuthProperties={"Status": "DISABLED"})
        config = resp["DirectoryConfig"]
        self.assertEqual(config["OrganizationalUnitDistinguishedNames"], [OU, OTHER_OU])
        # Merged member by member; the credentials not given stay.
        self.assertEqual(config["CertificateBasedAuthProperties"],
                         dict(CBA, Status="DISABLED"))
        self.assertEqual(config["ServiceAccountCredentials"], {"AccountName": "CORP\\svc-appstream"})
        config = self.check("update_directory_config", DirectoryName=DIRECTORY,
                            ServiceAccountCredentials={"AccountName": "CORP\\new",
                                                       "AccountPassword": PASSWORD})["DirectoryConfig"]
        self.assertEqual(config["ServiceAccountCredentials"], {"AccountName": "CORP\\new"})
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.update_directory_config(DirectoryName="nope.example.com")

    def test_in_use(self):
        self.create_directory_config(ous=[OU, OTHER_OU])
        self.create_fleet("joined", DomainJoinInfo={"DirectoryName": DIRECTORY,
                                                    "OrganizationalUnitDistinguishedName": OU})
        with self.assert_client_error("ResourceInUseException", message_contains="fleet joined"):
            self.c.delete_directory_config(DirectoryName=DIRECTORY)
        # An organizational unit in use cannot go; another can.
        with self.assert_client_error("ResourceInUseException", message_contains=OU):
            self.c.update_directory_config(DirectoryName=DIRECTORY,
                                           OrganizationalUnitDistinguishedNames=[OTHER_OU])
        self.check("update_directory_config", DirectoryName=DIRECTORY,
                OrganizationalUnitDistinguishedNames=[OU])
        self.ok("delete_fleet", Name="joined")
        self.ok("delete_directory_config", DirectoryName=DIRECTORY)
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.delete_directory_config(DirectoryName=DIRECTORY)

    def test_fleets_join_configured_directories(self):
        join = {"DirectoryName": DIRECTORY, "OrganizationalUnitDistinguishedName": OU}
        with self.assert_client_error("ResourceNotFoundException", message_contains=DIRECTORY):
            self.create_fleet("f", DomainJoinInfo=join)
        self.create_fleet("f")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.update_fleet(Name="f", DomainJoinInfo=join)
        self.create_directory_config()
        self.assertEqual(self.ok("update_fleet", Name="f", DomainJoinInfo=join)["Fleet"]
                         ["DomainJoinInfo"], join)

    def test_the_password_is_kept_but_not_shown(self):
        self.create_directory_config()
        state = self.raw("GET", "/_junction/state").json()
        rows = [r for r in state["tables"]["appstream_directory_configs"]
                if r["account"] == self.account]
        self.assertEqual(rows[0]["account_password"], PASSWORD)
        self.assertNotIn(PASSWORD, self.raw("GET", "/_junction/requests?limit=1000").body.decode())


if __name__ == "__main__":
    unittest.main()
