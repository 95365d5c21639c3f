"""AppStream image builders through boto3: CreateImageBuilder, DescribeImageBuilders,
DeleteImageBuilder, StartImageBuilder, StopImageBuilder and their states, and
CreateImageBuilderStreamingURL."""

import base64
import datetime
import json
import time
import unittest
import urllib.parse

from appstream_case import (AppStreamCase, DIRECTORY, G4DN_2022, OU, RHEL8, SUBNETS, WIN2019,
                            WIN2022, WITHDRAWN_AL2)
from junction_harness import wait_for

FULL = dict(
    InstanceType="stream.standard.large", Description="Builds the finance image",
    DisplayName="Finance builder", VpcConfig={"SubnetIds": SUBNETS[:1],
                                              "SecurityGroupIds": ["sg-0123456789abcdef0"]},
    IamRoleArn="arn:aws:iam::123456789012:role/builder", EnableDefaultInternetAccess=True,
    DomainJoinInfo={"DirectoryName": DIRECTORY, "OrganizationalUnitDistinguishedName": OU},
    AppstreamAgentVersion="[LATEST]",
    AccessEndpoints=[{"EndpointType": "STREAMING", "VpceId": "vpce-0123456789abcdef0"}],
    RootVolumeConfig={"VolumeSizeInGb": 300}, DisableIMDSV1=True)


def url_parameters(url):
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    encoded = query["parameters"][0]
    return json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))


class TestCreateImageBuilder(AppStreamCase):
    def test_every_member_is_echoed(self):
        self.create_directory_config()
        builder = self.create_image_builder("finance", ImageName=WIN2022, Tags={"team": "fin"},
                                            **FULL)
        self.assertEqual(builder["Arn"], self.arn("image-builder", "finance"))
        self.assertEqual(builder["ImageArn"], f"arn:aws:appstream:us-east-1::image/{WIN2022}")
        self.assertEqual(builder["Platform"], "WINDOWS_SERVER_2022")
        self.assertEqual(builder["State"], "RUNNING")  # no delay: at once
        for member, value in FULL.items():
            self.assertEqual(builder[member], value, member)
        self.assertEqual(builder["LatestAppstreamAgentVersion"], "TRUE")
        eni = builder["NetworkAccessConfiguration"]
        self.assertTrue(eni["EniId"].startswith("eni-"), eni)
        self.assertTrue(eni["EniPrivateIpAddress"].startswith("10.0."), eni)
        self.assertLess(abs(builder["CreatedTime"].timestamp() - time.time()), 300)
        self.assertEqual(self.image_builder("finance"), builder)
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=builder["Arn"])["Tags"],
                         {"team": "fin"})

    def test_defaults(self):
        builder = self.create_image_builder("plain")
        self.assertFalse(builder["EnableDefaultInternetAccess"])
        # The image's agent, which is not the newest one.
        self.assertEqual(builder["AppstreamAgentVersion"], "11-10-2025")
        self.assertEqual(builder["LatestAppstreamAgentVersion"], "FALSE")
        for absent in ("VpcConfig", "NetworkAccessConfiguration", "DisplayName", "Description",
                       "DomainJoinInfo"):
            self.assertNotIn(absent, builder)

    def test_images_by_name_and_arn(self):
        arn = f"arn:aws:appstream:us-east-1::image/{RHEL8}"
        builder = self.create_image_builder("linux", ImageArn=arn)
        self.assertEqual((builder["ImageArn"], builder["Platform"]), (arn, "RHEL8"))
        private = self.imported_image("golden")
        builder = self.create_image_builder("private", ImageName="golden")
        self.assertEqual(builder["ImageArn"], private["Arn"])
        graphics = self.create_image_builder("g4", ImageName=G4DN_2022,
                                             InstanceType="stream.graphics.g4dn.xlarge")
        self.assertEqual(graphics["InstanceType"], "stream.graphics.g4dn.xlarge")

    def test_errors(self):
        self.create_image_builder("taken")
        with self.assert_client_error("ResourceAlreadyExistsException", message_contains="taken"):
            self.create_image_builder("taken")
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.create_image_builder(Name="b1", InstanceType="stream.standard.small",
                                        ImageName=WIN2022,
                                        ImageArn=f"arn:aws:appstream:us-east-1::image/{WIN2022}")
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.create_image_builder(Name="b2", InstanceType="stream.standard.small")
        with self.assert_client_error("ResourceNotFoundException", message_contains="Nope"):
            self.create_image_builder("b3", ImageName="Nope")
        with self.assert_client_error("ResourceNotAvailableException", message_contains="DEPRECATED"):
            self.create_image_builder("b4", ImageName=WITHDRAWN_AL2)
        with self.assert_client_error("IncompatibleImageException"):
            self.create_image_builder("b5", ImageName="Amazon-AppStream2-Sample-Image-06-17-2024")
        with self.assert_client_error("IncompatibleImageException"):
            self.create_image_builder("b6", ImageName=G4DN_2022)  # a standard instance type
        with self.assert_client_error("InvalidParameterCombinationException",
                                      message_contains="one subnet"):
            self.create_image_builder("b7", VpcConfig={"SubnetIds": SUBNETS})
        self.seed_private_image("baking", state="PENDING")
        with self.assert_client_error("ResourceNotAvailableException"):
            self.create_image_builder("b8", ImageName="baking")
        self.assertEqual(self.ok("describe_image_builders")["ImageBuilders"][0]["Name"], "taken")

    def test_domain_join_needs_a_directory_config(self):
        join = {"DirectoryName": DIRECTORY, "OrganizationalUnitDistinguishedName": OU}
        with self.assert_client_error("ResourceNotFoundException", message_contains=DIRECTORY):
            self.create_image_builder("joined", DomainJoinInfo=join)
        self.create_directory_config()
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.create_image_builder("joined", DomainJoinInfo=dict(
                join, OrganizationalUnitDistinguishedName="OU=Other,DC=corp,DC=example,DC=com"))
        self.create_image_builder("joined", DomainJoinInfo=join)
        with self.assert_client_error("ResourceInUseException", message_contains="joined"):
            self.c.delete_directory_config(DirectoryName=DIRECTORY)


class TestDescribeImageBuilders(AppStreamCase):
    def test_names_and_pages(self):
        for name in ("c", "a", "b"):
            self.create_image_builder(name)
        named = self.ok("describe_image_builders", Names=["c", "a", "c"])["ImageBuilders"]
        self.assertEqual([b["Name"] for b in named], ["c", "a"])
        with self.assert_client_error("ResourceNotFoundException", message_contains="zz"):
            self.c.describe_image_builders(Names=["a", "zz"])
        items, pages = self.paginate(self.c, "describe_image_builders", "ImageBuilders", 2,
                                     "appstream")
        self.assertEqual(([b["Name"] for b in items], pages), (["a", "b", "c"], 2))
        paginated = self.c.get_paginator("describe_image_builders").paginate(
            PaginationConfig={"PageSize": 1})
        self.assertEqual(sum(len(p["ImageBuilders"]) for p in paginated), 3)
        with self.assert_client_error("ValidationException"):
            self.c.describe_image_builders(MaxResults=0)

    def test_none(self):
        self.assertEqual(self.ok("describe_image_builders")["ImageBuilders"], [])


class TestStartStopDelete(AppStreamCase):
    def test_life_cycle_with_no_delay(self):
        self.create_image_builder("b")
        self.assertEqual(self.ok("stop_image_builder", Name="b")["ImageBuilder"]["State"],
                         "STOPPED")
        self.assertEqual(self.ok("stop_image_builder", Name="b")["ImageBuilder"]["State"],
                         "STOPPED")  # again: no change
        with self.assert_client_error("OperationNotPermittedException"):
            self.c.create_image_builder_streaming_url(Name="b")
        started = self.ok("start_image_builder", Name="b",
                          AppstreamAgentVersion="[LATEST]")["ImageBuilder"]
        self.assertEqual((started["State"], started["AppstreamAgentVersion"],
                          started["LatestAppstreamAgentVersion"]), ("RUNNING", "[LATEST]", "TRUE"))
        self.assertEqual(self.ok("start_image_builder", Name="b")["ImageBuilder"]["State"],
                         "RUNNING")
        for operation in ("start_image_builder", "stop_image_builder", "delete_image_builder"):
            with self.assert_client_error("ResourceNotFoundException"):
                getattr(self.c, operation)(Name="nope")

    def test_streaming_url(self):
        self.create_image_builder("b")
        before = datetime.datetime.now(datetime.timezone.utc)
        url = self.ok("create_image_builder_streaming_url", Name="b")
        self.assertTrue(url["StreamingURL"].startswith(
            "https://appstream2.us-east-1.aws.amazon.com/authenticate?parameters="))
        self.assertAlmostEqual((url["Expires"] - before).total_seconds(), 3600, delta=60)
        self.assertEqual(url_parameters(url["StreamingURL"])["catalogSource"], "image-builder/b")
        short = self.ok("create_image_builder_streaming_url", Name="b", Validity=120)
        self.assertAlmostEqual((short["Expires"] - before).total_seconds(), 120, delta=60)
        raw = self.client("appstream", access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="validity"):
            raw.create_image_builder_streaming_url(Name="b", Validity=604801)
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.create_image_builder_streaming_url(Name="nope")

    def test_delete_a_running_or_stopped_builder(self):
        builder = self.create_image_builder("running", Tags={"k": "v"})
        deleted = self.ok("delete_image_builder", Name="running")["ImageBuilder"]
        self.assertEqual((deleted["Name"], deleted["State"]), ("running", "DELETING"))
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_image_builders(Names=["running"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.list_tags_for_resource(ResourceArn=builder["Arn"])
        # The name is free again.
        self.create_image_builder("running")
        self.create_image_builder("stopped")
        self.ok("stop_image_builder", Name="stopped")
        self.ok("delete_image_builder", Name="stopped")


class TestStatesWithDelay(AppStreamCase):
    server_args = ["--appstream-delay-ms", "600"]

    def state(self, name):
        return self.image_builder(name)["State"]

    def test_pending_running_stopping_stopped(self):
        created = self.create_image_builder("slow")
        self.assertEqual(created["State"], "PENDING")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.stop_image_builder(Name="slow")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.delete_image_builder(Name="slow")
        with self.assert_client_error("OperationNotPermittedException", message_contains="PENDING"):
            self.c.create_image_builder_streaming_url(Name="slow")
        self.assertEqual(self.ok("start_image_builder", Name="slow")["ImageBuilder"]["State"],
                         "PENDING")
        self.assertEqual(wait_for(lambda: self.state("slow") == "RUNNING", timeout=5), True)

        self.assertEqual(self.ok("stop_image_builder", Name="slow")["ImageBuilder"]["State"],
                         "STOPPING")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.start_image_builder(Name="slow")
        self.assertTrue(wait_for(lambda: self.state("slow") == "STOPPED", timeout=5))
        self.assertEqual(self.ok("start_image_builder", Name="slow")["ImageBuilder"]["State"],
                         "PENDING")
        self.assertTrue(wait_for(lambda: self.state("slow") == "RUNNING", timeout=5))


if __name__ == "__main__":
    unittest.main()
