"""AppStream app block builders through boto3: CreateAppBlockBuilder, DescribeAppBlockBuilders,
UpdateAppBlockBuilder, DeleteAppBlockBuilder, StartAppBlockBuilder, StopAppBlockBuilder,
CreateAppBlockBuilderStreamingURL, and their app blocks (AssociateAppBlockBuilderAppBlock,
DisassociateAppBlockBuilderAppBlock, DescribeAppBlockBuilderAppBlockAssociations)."""

import unittest

from appstream_case import SUBNETS, AppStreamCase
from junction_harness import wait_for

FULL = dict(Description="Packages the finance apps", DisplayName="Finance packager",
            InstanceType="stream.standard.large", Platform="WINDOWS_SERVER_2019",
            VpcConfig={"SubnetIds": SUBNETS, "SecurityGroupIds": ["sg-0123456789abcdef0"]},
            EnableDefaultInternetAccess=True, IamRoleArn="arn:aws:iam::123456789012:role/abb",
            AccessEndpoints=[{"EndpointType": "STREAMING", "VpceId": "vpce-0123456789abcdef0"}],
            DisableIMDSV1=True)


class BuilderCase(AppStreamCase):
    def builder(self, name):
        return self.ok("describe_app_block_builders", Names=[name])["AppBlockBuilders"][0]

    def packaged_app_block(self, name):
        """An app block of APPSTREAM2 packaging, as app block builders make."""
        return self.ok("create_app_block", Name=name, PackagingType="APPSTREAM2",
                       SourceS3Location={"S3Bucket": "apps-bucket"})["AppBlock"]

    def ready_builder(self, name, block):
        """A builder associated with an app block."""
        self.create_app_block_builder(name)
        arn = self.packaged_app_block(block)["Arn"]
        self.ok("associate_app_block_builder_app_block", AppBlockBuilderName=name,
                AppBlockArn=arn)
        return arn


class TestCreateDescribe(BuilderCase):
    def test_every_member_is_echoed(self):
        b = self.create_app_block_builder("packager", Tags={"team": "fin"}, **FULL)
        self.assertEqual(b["Arn"], self.arn("app-block-builder", "packager"))
        self.assertEqual(b["State"], "STOPPED")
        for member, value in FULL.items():
            self.assertEqual(b[member], value, member)
        self.assertIn("CreatedTime", b)
        self.assertEqual(self.builder("packager"), b)
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=b["Arn"])["Tags"],
                         {"team": "fin"})
        plain = self.create_app_block_builder("plain")
        self.assertFalse(plain["EnableDefaultInternetAccess"])
        self.assertNotIn("DisplayName", plain)

    def test_rules(self):
        self.create_app_block_builder("taken")
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.create_app_block_builder("taken")
        for i, case in enumerate([dict(VpcConfig={"SubnetIds": SUBNETS[:1]}),
                                  dict(InstanceType="stream.compute.large")]):
            with self.subTest(case=case):
                with self.assert_client_error("InvalidParameterCombinationException"):
                    self.create_app_block_builder(f"bad{i}", **case)

    def test_names_and_pages(self):
        for name in ("c", "a", "b"):
            self.create_app_block_builder(name)
        named = self.ok("describe_app_block_builders", Names=["b", "a"])["AppBlockBuilders"]
        self.assertEqual([b["Name"] for b in named], ["b", "a"])
        with self.assert_client_error("ResourceNotFoundException", message_contains="zz"):
            self.c.describe_app_block_builders(Names=["zz"])
        items, pages = self.paginate(self.c, "describe_app_block_builders", "AppBlockBuilders",
                                     2, "appstream")
        self.assertEqual(([b["Name"] for b in items], pages), (["a", "b", "c"], 2))


class TestAssociations(BuilderCase):
    def test_associate_and_disassociate(self):
        arn = self.ready_builder("packager", "finance")
        # Again: not an error.
        resp = self.ok("associate_app_block_builder_app_block", AppBlockBuilderName="packager",
                       AppBlockArn=arn)
        self.assertEqual(resp["AppBlockBuilderAppBlockAssociation"],
                         {"AppBlockArn": arn, "AppBlockBuilderName": "packager"})
        expected = [{"AppBlockArn": arn, "AppBlockBuilderName": "packager"}]
        for params in (dict(AppBlockBuilderName="packager"), dict(AppBlockArn=arn),
                       dict(AppBlockBuilderName="packager", AppBlockArn=arn)):
            self.assertEqual(self.ok("describe_app_block_builder_app_block_associations",
                                     **params)["AppBlockBuilderAppBlockAssociations"], expected)
        # A builder packages one app block at a time.
        other = self.packaged_app_block("other")["Arn"]
        with self.assert_client_error("LimitExceededException", message_contains="finance"):
            self.c.associate_app_block_builder_app_block(AppBlockBuilderName="packager",
                                                         AppBlockArn=other)
        # Neither can be deleted while associated.
        with self.assert_client_error("ResourceInUseException"):
            self.c.delete_app_block_builder(Name="packager")
        with self.assert_client_error("ResourceInUseException", message_contains="packager"):
            self.c.delete_app_block(Name="finance")
        self.ok("disassociate_app_block_builder_app_block", AppBlockBuilderName="packager",
                AppBlockArn=arn)
        self.assertNotIn("AppBlockBuilderAppBlockAssociations",
                         self.ok("describe_app_block_builder_app_block_associations",
                                 AppBlockBuilderName="packager"))
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.disassociate_app_block_builder_app_block(AppBlockBuilderName="packager",
                                                            AppBlockArn=arn)
        self.ok("delete_app_block_builder", Name="packager")
        self.ok("delete_app_block", Name="finance")

    def test_errors(self):
        self.create_app_block_builder("packager")
        custom = self.create_app_block("custom")["Arn"]
        with self.assert_client_error("InvalidParameterCombinationException",
                                      message_contains="CUSTOM"):
            self.c.associate_app_block_builder_app_block(AppBlockBuilderName="packager",
                                                         AppBlockArn=custom)
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.associate_app_block_builder_app_block(
                AppBlockBuilderName="packager", AppBlockArn=self.arn("app-block", "nope"))
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.associate_app_block_builder_app_block(AppBlockBuilderName="nope",
                                                         AppBlockArn=custom)
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.describe_app_block_builder_app_block_associations()
        self.assertNotIn("AppBlockBuilderAppBlockAssociations",
                         self.ok("describe_app_block_builder_app_block_associations",
                                 AppBlockArn=self.arn("app-block", "nope")))


class TestLifeCycle(BuilderCase):
    def test_start_stop_stream_update_delete(self):
        self.create_app_block_builder("lonely")
        with self.assert_client_error("OperationNotPermittedException",
                                      message_contains="app block"):
            self.c.start_app_block_builder(Name="lonely")
        arn = self.ready_builder("packager", "finance")
        with self.assert_client_error("OperationNotPermittedException", message_contains="STOPPED"):
            self.c.create_app_block_builder_streaming_url(AppBlockBuilderName="packager")
        started = self.ok("start_app_block_builder", Name="packager")["AppBlockBuilder"]
        self.assertEqual(started["State"], "RUNNING")
        self.assertEqual(self.ok("start_app_block_builder",
                                 Name="packager")["AppBlockBuilder"]["State"], "RUNNING")
        url = self.ok("create_app_block_builder_streaming_url", AppBlockBuilderName="packager",
                      Validity=600)
        self.assertTrue(url["StreamingURL"].startswith("https://appstream2.us-east-1.aws"))
        # A running builder: names only, and no app block changes, no deletion.
        renamed = self.ok("update_app_block_builder", Name="packager", DisplayName="Live",
                          Description="Running")["AppBlockBuilder"]
        self.assertEqual((renamed["DisplayName"], renamed["Description"]), ("Live", "Running"))
        with self.assert_client_error("ResourceInUseException", message_contains="InstanceType"):
            self.c.update_app_block_builder(Name="packager", InstanceType="stream.standard.small")
        with self.assert_client_error("OperationNotPermittedException"):
            self.c.disassociate_app_block_builder_app_block(AppBlockBuilderName="packager",
                                                            AppBlockArn=arn)
        with self.assert_client_error("OperationNotPermittedException"):
            self.c.delete_app_block_builder(Name="packager")

        self.assertEqual(self.ok("stop_app_block_builder", Name="packager")["AppBlockBuilder"]
                         ["State"], "STOPPED")
        self.assertEqual(self.ok("stop_app_block_builder", Name="packager")["AppBlockBuilder"]
                         ["State"], "STOPPED")
        for operation, params in (("start_app_block_builder", {"Name": "nope"}),
                                  ("stop_app_block_builder", {"Name": "nope"}),
                                  ("delete_app_block_builder", {"Name": "nope"}),
                                  ("update_app_block_builder", {"Name": "nope"}),
                                  ("create_app_block_builder_streaming_url",
                                   {"AppBlockBuilderName": "nope"})):
            with self.assert_client_error("ResourceNotFoundException"):
                getattr(self.c, operation)(**params)

    def test_update_a_stopped_builder(self):
        self.create_app_block_builder("u", **FULL)
        updated = self.ok("update_app_block_builder", Name="u", InstanceType="stream.standard.xlarge",
                          VpcConfig={"SubnetIds": SUBNETS + ["subnet-0a1b2c3d4e5f60003"]},
                          AttributesToDelete=["IAM_ROLE_ARN", "ACCESS_ENDPOINTS"])["AppBlockBuilder"]
        self.assertEqual(updated["InstanceType"], "stream.standard.xlarge")
        # A structure given is merged member by member.
        self.assertEqual(updated["VpcConfig"], {"SubnetIds": SUBNETS + ["subnet-0a1b2c3d4e5f60003"],
                                                "SecurityGroupIds": ["sg-0123456789abcdef0"]})
        self.assertNotIn("IamRoleArn", updated)
        self.assertNotIn("AccessEndpoints", updated)
        self.assertEqual(updated["Description"], FULL["Description"])
        updated = self.ok("update_app_block_builder", Name="u",
                          AttributesToDelete=["VPC_CONFIGURATION_SECURITY_GROUP_IDS"])["AppBlockBuilder"]
        self.assertNotIn("SecurityGroupIds", updated["VpcConfig"])
        self.assertEqual(self.builder("u"), updated)
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.update_app_block_builder(Name="u", Platform="WINDOWS_SERVER_2022")


class TestWithDelay(BuilderCase):
    server_args = ["--appstream-delay-ms", "500"]

    def test_starting_then_running(self):
        self.ready_builder("slow", "finance")
        self.assertEqual(self.ok("start_app_block_builder", Name="slow")["AppBlockBuilder"]
                         ["State"], "STARTING")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.update_app_block_builder(Name="slow", DisplayName="x")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.delete_app_block_builder(Name="slow")
        self.assertTrue(wait_for(lambda: self.builder("slow")["State"] == "RUNNING", timeout=5))
        self.assertEqual(self.ok("stop_app_block_builder", Name="slow")["AppBlockBuilder"]
                         ["State"], "STOPPING")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.start_app_block_builder(Name="slow")
        self.assertTrue(wait_for(lambda: self.builder("slow")["State"] == "STOPPED", timeout=5))


if __name__ == "__main__":
    unittest.main()
