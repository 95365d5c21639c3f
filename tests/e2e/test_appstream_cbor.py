"""AppStream image builders, images, app block builders, directory configs and themes over Smithy
RPC v2 CBOR (botocore's smithy-rpc-v2-cbor client), with the same state as over awsJson1.1."""

import datetime
import unittest

from appstream_case import AMI, DIRECTORY, OU, ROLE, SUBNETS, WIN2022
from junction_harness import fresh_account
from test_rpc_v2_cbor import CborCase, cbor_decode


class TestNewOperationsOverCbor(CborCase):
    def setUp(self):
        self.account = fresh_account()
        self.c = self.cbor_client("appstream", self.account)
        self.json = self.client("appstream", access_key=self.account)

    def ok(self, operation, **params):
        return self.assert_cbor_output("appstream", operation,
                                       getattr(self.c, operation)(**params))

    def test_image_builder_life_cycle(self):
        builder = self.ok("create_image_builder", Name="cbor-builder", ImageName=WIN2022,
                          InstanceType="stream.standard.medium",
                          VpcConfig={"SubnetIds": SUBNETS[:1]}, Tags={"via": "cbor"})["ImageBuilder"]
        self.assertEqual(builder["State"], "RUNNING")
        self.assertIsInstance(builder["CreatedTime"], datetime.datetime)
        # The same builder over JSON.
        over_json = self.json.describe_image_builders(Names=["cbor-builder"])["ImageBuilders"][0]
        self.assertEqual(over_json, builder)
        self.assertEqual(self.ok("stop_image_builder", Name="cbor-builder")["ImageBuilder"]["State"],
                         "STOPPED")
        with self.assert_cbor_error("OperationNotPermittedException"):
            self.c.create_image_builder_streaming_url(Name="cbor-builder")
        self.ok("start_image_builder", Name="cbor-builder")
        url = self.ok("create_image_builder_streaming_url", Name="cbor-builder", Validity=60)
        self.assertIsInstance(url["Expires"], datetime.datetime)
        with self.assert_cbor_error("ResourceAlreadyExistsException"):
            self.c.create_image_builder(Name="cbor-builder", ImageName=WIN2022,
                                        InstanceType="stream.standard.medium")
        self.assertEqual(self.ok("delete_image_builder", Name="cbor-builder")["ImageBuilder"]
                         ["State"], "DELETING")
        with self.assert_cbor_error("ResourceNotFoundException"):
            self.c.describe_image_builders(Names=["cbor-builder"])

    def test_images_and_exports(self):
        image = self.ok("create_imported_image", Name="cbor-image", SourceAmiId=AMI,
                        IamRoleArn=ROLE)["Image"]
        self.assertEqual(image["ImageType"], "CUSTOM")
        self.ok("copy_image", SourceImageName="cbor-image", DestinationImageName="cbor-copy",
                DestinationRegion="us-east-1")
        task = self.ok("create_export_image_task", ImageName="cbor-image", AmiName="cbor-ami",
                       IamRoleArn=ROLE)["ExportImageTask"]
        self.assertIsInstance(task["CreatedDate"], datetime.datetime)
        listed = self.ok("list_export_image_tasks")["ExportImageTasks"]
        self.assertEqual([t["TaskId"] for t in listed], [task["TaskId"]])
        other = fresh_account()
        self.ok("update_image_permissions", Name="cbor-image", SharedAccountId=other,
                ImagePermissions={"allowFleet": True})
        shared = self.cbor_client("appstream", other).describe_images(Type="SHARED")["Images"]
        self.assertEqual([(i["Arn"], i["Visibility"]) for i in shared], [(image["Arn"], "SHARED")])
        with self.assert_cbor_error("DryRunOperationException"):
            self.c.create_imported_image(Name="dry", SourceAmiId=AMI, IamRoleArn=ROLE, DryRun=True)

    def test_app_block_builders_directory_configs_and_themes(self):
        builder = self.ok("create_app_block_builder", Name="cbor-abb",
                          Platform="WINDOWS_SERVER_2019", InstanceType="stream.standard.large",
                          VpcConfig={"SubnetIds": SUBNETS})["AppBlockBuilder"]
        self.assertEqual(builder["State"], "STOPPED")
        with self.assert_cbor_error("OperationNotPermittedException"):
            self.c.start_app_block_builder(Name="cbor-abb")

        config = self.ok("create_directory_config", DirectoryName=DIRECTORY,
                         OrganizationalUnitDistinguishedNames=[OU],
                         CertificateBasedAuthProperties={"Status": "ENABLED"})["DirectoryConfig"]
        self.assertEqual(config["CertificateBasedAuthProperties"], {"Status": "ENABLED"})
        # With credentials: the password is not in the CBOR answer.
        resp = self.c.update_directory_config(
            DirectoryName=DIRECTORY,
            ServiceAccountCredentials={"AccountName": "svc", "AccountPassword": "Cb0r-S3cret"})
        body = resp["ResponseMetadata"]["Junction"]["body"]
        self.assertNotIn(b"Cb0r-S3cret", body)
        self.assertEqual(cbor_decode(body)["DirectoryConfig"]["ServiceAccountCredentials"],
                         {"AccountName": "svc"})

        self.json.create_stack(Name="cbor-stack")
        theme = self.ok("create_theme_for_stack", StackName="cbor-stack", TitleText="Over CBOR",
                        ThemeStyling="RED",
                        OrganizationLogoS3Location={"S3Bucket": "brand", "S3Key": "logo.png"},
                        FaviconS3Location={"S3Bucket": "brand", "S3Key": "icon.ico"})["Theme"]
        self.assertEqual(self.json.describe_theme_for_stack(StackName="cbor-stack")["Theme"], theme)
        with self.assert_cbor_error("ResourceNotFoundException"):
            self.c.describe_theme_for_stack(StackName="nope")


if __name__ == "__main__":
    unittest.main()
