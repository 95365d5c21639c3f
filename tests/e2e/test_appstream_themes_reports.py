"""AppStream stack themes, usage reports and license-included application usage through boto3:
CreateThemeForStack, DescribeThemeForStack, UpdateThemeForStack, DeleteThemeForStack,
CreateUsageReportSubscription, DescribeUsageReportSubscriptions, DeleteUsageReportSubscription,
DescribeAppLicenseUsage; and the health endpoint listing every AppStream operation."""

import unittest

import botocore

from appstream_case import SERVICE, AppStreamCase
from junction_harness import service_model

LOGO = {"S3Bucket": "branding-bucket", "S3Key": "logo.png"}
FAVICON = {"S3Bucket": "branding-bucket", "S3Key": "favicon.ico"}
LINKS = [{"DisplayName": "IT support", "FooterLinkURL": "https://support.example.com"}]


class TestThemes(AppStreamCase):
    def create_theme(self, stack="stack", **params):
        params.setdefault("TitleText", "Finance apps")
        params.setdefault("ThemeStyling", "BLUE")
        params.setdefault("OrganizationLogoS3Location", LOGO)
        params.setdefault("FaviconS3Location", FAVICON)
        return self.ok("create_theme_for_stack", StackName=stack, **params)["Theme"]

    def test_life_cycle(self):
        self.create_stack("stack")
        theme = self.create_theme(FooterLinks=LINKS)
        self.assertEqual((theme["StackName"], theme["State"], theme["ThemeTitleText"],
                          theme["ThemeStyling"], theme["ThemeFooterLinks"]),
                         ("stack", "ENABLED", "Finance apps", "BLUE", LINKS))
        self.assertEqual(theme["ThemeOrganizationLogoURL"],
                         "https://branding-bucket.s3.us-east-1.amazonaws.com/logo.png")
        self.assertEqual(theme["ThemeFaviconURL"],
                         "https://branding-bucket.s3.us-east-1.amazonaws.com/favicon.ico")
        self.assertEqual(self.ok("describe_theme_for_stack", StackName="stack")["Theme"], theme)
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.create_theme()

        updated = self.ok("update_theme_for_stack", StackName="stack", TitleText="Renamed",
                          State="DISABLED", ThemeStyling="PINK",
                          FaviconS3Location={"S3Bucket": "other-bucket", "S3Key": "f.ico"})["Theme"]
        self.assertEqual((updated["ThemeTitleText"], updated["State"], updated["ThemeStyling"]),
                         ("Renamed", "DISABLED", "PINK"))
        self.assertEqual(updated["ThemeFooterLinks"], LINKS)
        self.assertTrue(updated["ThemeFaviconURL"].startswith("https://other-bucket."))
        self.assertEqual(updated["ThemeOrganizationLogoURL"], theme["ThemeOrganizationLogoURL"])
        updated = self.ok("update_theme_for_stack", StackName="stack",
                          AttributesToDelete=["FOOTER_LINKS"])["Theme"]
        self.assertNotIn("ThemeFooterLinks", updated)
        self.assertEqual(self.ok("describe_theme_for_stack", StackName="stack")["Theme"], updated)

        self.ok("delete_theme_for_stack", StackName="stack")
        for operation in ("describe_theme_for_stack", "delete_theme_for_stack",
                          "update_theme_for_stack"):
            with self.assert_client_error("ResourceNotFoundException", message_contains="theme"):
                getattr(self.c, operation)(StackName="stack")

    def test_unknown_stacks_and_deleted_stacks(self):
        with self.assert_client_error("ResourceNotFoundException", message_contains="nope"):
            self.create_theme("nope")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_theme_for_stack(StackName="nope")
        self.create_stack("gone")
        self.create_theme("gone")
        self.ok("delete_stack", Name="gone")
        self.create_stack("gone")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_theme_for_stack(StackName="gone")


class TestUsageReports(AppStreamCase):
    def test_subscribe_and_unsubscribe(self):
        self.assertEqual(self.ok("describe_usage_report_subscriptions")
                         ["UsageReportSubscriptions"], [])
        created = self.ok("create_usage_report_subscription")
        bucket = created["S3BucketName"]
        self.assertRegex(bucket, rf"^appstream-logs-us-east-1-{self.account}-[0-9a-f]{{8}}$")
        self.assertEqual(created["Schedule"], "DAILY")
        # Again: the same subscription.
        self.assertEqual(self.ok("create_usage_report_subscription")["S3BucketName"], bucket)
        self.assertEqual(self.ok("describe_usage_report_subscriptions")
                         ["UsageReportSubscriptions"], [{"S3BucketName": bucket,
                                                         "Schedule": "DAILY"}])
        self.ok("delete_usage_report_subscription")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.delete_usage_report_subscription()
        self.assertEqual(self.ok("create_usage_report_subscription")["S3BucketName"], bucket)
        # Per region.
        west = self.client(SERVICE, access_key=self.account, region="eu-west-1")
        self.assertEqual(west.describe_usage_report_subscriptions()["UsageReportSubscriptions"], [])


class TestAppLicenseUsage(AppStreamCase):
    def test_usage(self):
        self.assertEqual(self.ok("describe_app_license_usage", BillingPeriod="2025-08")
                         ["AppLicenseUsages"], [])
        for period in ("2025-8", "August", "2025-13"):
            with self.subTest(period=period):
                with self.assert_client_error("InvalidParameterCombinationException"):
                    self.c.describe_app_license_usage(BillingPeriod=period)


class TestCoverage(AppStreamCase):
    def test_health_lists_every_operation_of_the_model(self):
        health = self.raw("GET", "/_junction/health").json()["services"][SERVICE]
        model = service_model(SERVICE)
        self.assertEqual(sorted(health["operations"]), sorted(model.operation_names))
        self.assertEqual((len(health["operations"]), health["modelOperations"]), (89, 89))

    def test_no_operation_answers_501(self):
        raw = self.client(SERVICE, access_key=self.account, validate=False)
        for name in service_model(SERVICE).operation_names:
            with self.subTest(operation=name):
                try:
                    getattr(raw, botocore.xform_name(name))()
                except Exception as e:  # validation or a missing resource; never 501
                    status = getattr(e, "response", {}).get("ResponseMetadata", {}).get(
                        "HTTPStatusCode")
                    self.assertNotEqual(status, 501, e)


if __name__ == "__main__":
    unittest.main()
