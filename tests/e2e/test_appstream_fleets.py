"""AppStream fleets through boto3 and the AWS CLI: CreateFleet, DescribeFleets, UpdateFleet,
DeleteFleet, StartFleet and StopFleet with their states and the fleet_started / fleet_stopped
waiters."""

import time
import unittest

from appstream_case import (AppStreamCase, G4DN_2022, RHEL8, SERVICE, SUBNETS, WIN2019, WIN2022,
                            WITHDRAWN_AL2, fresh_account)

FULL = dict(
    InstanceType="stream.standard.medium", FleetType="ALWAYS_ON",
    ComputeCapacity={"DesiredInstances": 3},
    VpcConfig={"SubnetIds": SUBNETS, "SecurityGroupIds": ["sg-0123456789abcdef0"]},
    MaxUserDurationInSeconds=7200, DisconnectTimeoutInSeconds=600, Description="For the team",
    DisplayName="Team fleet", EnableDefaultInternetAccess=True,
    DomainJoinInfo={"DirectoryName": "corp.example.com",
                    "OrganizationalUnitDistinguishedName": "OU=AppStream,DC=corp,DC=example,DC=com"},
    IdleDisconnectTimeoutInSeconds=300, IamRoleArn="arn:aws:iam::123456789012:role/fleet",
    StreamView="DESKTOP", UsbDeviceFilterStrings=["Wacom Tablet,056a,*,*,*,*,1,0"],
    RootVolumeConfig={"VolumeSizeInGb": 300}, DisableIMDSV1=True)


class TestCreateFleet(AppStreamCase):
    def test_every_member_is_echoed(self):
        self.create_directory_config()
        fleet = self.create_fleet("team", ImageName=WIN2022, Tags={"team": "apps"}, **FULL)
        self.assertEqual(fleet["Arn"], self.arn("fleet", "team"))
        self.assertEqual(fleet["Name"], "team")
        self.assertEqual(fleet["ImageName"], WIN2022)
        self.assertEqual(fleet["ImageArn"], f"arn:aws:appstream:us-east-1::image/{WIN2022}")
        self.assertEqual(fleet["Platform"], "WINDOWS_SERVER_2022")
        self.assertEqual(fleet["State"], "STOPPED")
        self.assertEqual(fleet["ComputeCapacityStatus"],
                         {"Desired": 3, "Running": 0, "InUse": 0, "Available": 0})
        for member, value in FULL.items():
            if member != "ComputeCapacity":
                self.assertEqual(fleet[member], value, member)
        self.assertIn("CreatedTime", fleet)
        self.assertEqual(self.fleet("team"), fleet)
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=fleet["Arn"])["Tags"],
                         {"team": "apps"})

    def test_defaults(self):
        fleet = self.create_fleet("plain")
        self.assertEqual(fleet["FleetType"], "ON_DEMAND")
        self.assertEqual(fleet["MaxUserDurationInSeconds"], 57600)
        self.assertEqual(fleet["DisconnectTimeoutInSeconds"], 900)
        self.assertEqual(fleet["IdleDisconnectTimeoutInSeconds"], 0)
        self.assertEqual(fleet["StreamView"], "APP")
        self.assertFalse(fleet["EnableDefaultInternetAccess"])
        self.assertNotIn("VpcConfig", fleet)
        self.assertNotIn("DisplayName", fleet)

    def test_image_by_arn(self):
        arn = f"arn:aws:appstream:us-east-1::image/{RHEL8}"
        fleet = self.create_fleet("linux", ImageArn=arn)
        self.assertEqual((fleet["ImageName"], fleet["ImageArn"], fleet["Platform"]),
                         (RHEL8, arn, "RHEL8"))

    def test_private_image(self):
        self.seed_private_image("golden")
        fleet = self.create_fleet("golden-fleet", ImageName="golden")
        self.assertEqual(fleet["ImageArn"], self.arn("image", "golden"))
        by_arn = self.create_fleet("golden-2", ImageArn=self.arn("image", "golden"))
        self.assertEqual(by_arn["ImageName"], "golden")
        self.seed_private_image("unfinished", state="PENDING")
        with self.assert_client_error("ResourceNotAvailableException", message_contains="PENDING"):
            self.create_fleet("pending", ImageName="unfinished")

    def test_unknown_image(self):
        with self.assert_client_error("ResourceNotFoundException",
                                      message_contains=f"for account {self.account} does not exist"):
            self.create_fleet("f", ImageName="NoSuchImage")
        with self.assert_client_error("ResourceNotFoundException"):
            self.create_fleet("f", ImageArn=f"arn:aws:appstream:us-east-1:{fresh_account()}:image/x")
        with self.assert_client_error("ResourceNotFoundException"):
            self.create_fleet("f", ImageArn=f"arn:aws:appstream:eu-west-1::image/{WIN2022}")

    def test_withdrawn_image(self):
        with self.assert_client_error("ResourceNotAvailableException",
                                      message_contains="is DEPRECATED"):
            self.create_fleet("f", ImageName=WITHDRAWN_AL2)

    def test_image_must_fit_the_instance_type(self):
        with self.assert_client_error("IncompatibleImageException"):
            self.create_fleet("f", ImageName=WIN2022, InstanceType="stream.graphics.g4dn.xlarge")
        fleet = self.create_fleet("g", ImageName=G4DN_2022,
                                  InstanceType="stream.graphics.g4dn.xlarge")
        self.assertEqual(fleet["InstanceType"], "stream.graphics.g4dn.xlarge")

    def test_duplicate(self):
        self.create_fleet("dup")
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.create_fleet("dup")

    def test_image_and_capacity_rules(self):
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.create_fleet(Name="f", InstanceType="stream.standard.small",
                                ComputeCapacity={"DesiredInstances": 1})
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.create_fleet(Name="f", InstanceType="stream.standard.small", ImageName=WIN2022,
                                ImageArn=f"arn:aws:appstream:us-east-1::image/{WIN2022}",
                                ComputeCapacity={"DesiredInstances": 1})
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.create_fleet(Name="f", InstanceType="stream.standard.small", ImageName=WIN2022)
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.create_fleet("f", ComputeCapacity={"DesiredInstances": 1, "DesiredSessions": 2})
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.create_fleet("f", ComputeCapacity={"DesiredSessions": 2})
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.create_fleet("f", MaxConcurrentSessions=3)

    def test_multi_session_fleet(self):
        fleet = self.create_fleet("multi", ImageName=WIN2019, MaxSessionsPerInstance=5,
                                  ComputeCapacity={"DesiredSessions": 12})
        status = fleet["ComputeCapacityStatus"]
        self.assertEqual((status["Desired"], status["DesiredUserSessions"]), (3, 12))
        self.assertEqual(fleet["MaxSessionsPerInstance"], 5)
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.create_fleet("m2", MaxSessionsPerInstance=5,
                              ComputeCapacity={"DesiredInstances": 2})
        with self.assert_client_error("IncompatibleImageException"):
            self.create_fleet("m3", ImageName=RHEL8, MaxSessionsPerInstance=5,
                              ComputeCapacity={"DesiredSessions": 10})


class TestElasticFleets(AppStreamCase):
    def test_create(self):
        fleet = self.create_elastic_fleet("elastic", MaxConcurrentSessions=4,
                                          SessionScriptS3Location={"S3Bucket": "scripts-bucket",
                                                                   "S3Key": "session.zip"})
        self.assertEqual(fleet["FleetType"], "ELASTIC")
        self.assertEqual(fleet["Platform"], "WINDOWS_SERVER_2019")
        self.assertEqual(fleet["MaxConcurrentSessions"], 4)
        self.assertEqual(fleet["VpcConfig"], {"SubnetIds": SUBNETS})
        self.assertEqual(fleet["SessionScriptS3Location"],
                         {"S3Bucket": "scripts-bucket", "S3Key": "session.zip"})
        self.assertNotIn("ImageName", fleet)
        self.assertEqual(fleet["ComputeCapacityStatus"],
                         {"Desired": 4, "Running": 0, "InUse": 0, "Available": 0})
        self.ok("start_fleet", Name="elastic")
        self.assertEqual(self.fleet("elastic")["ComputeCapacityStatus"]["Available"], 4)

    def test_rules(self):
        cases = [
            dict(ImageName=WIN2022),  # no image
            dict(Platform=None),  # a platform is needed
            dict(Platform="WINDOWS_SERVER_2022"),  # one of the Elastic platforms
            dict(MaxConcurrentSessions=None),
            dict(ComputeCapacity={"DesiredInstances": 1}),
            dict(VpcConfig={"SubnetIds": SUBNETS[:1]}),  # two subnets
            dict(DomainJoinInfo={"DirectoryName": "corp.example.com"}),
            dict(InstanceType="stream.compute.large"),
        ]
        for i, case in enumerate(cases):
            params = dict(FleetType="ELASTIC", InstanceType="stream.standard.small",
                          Platform="WINDOWS_SERVER_2019", MaxConcurrentSessions=2,
                          VpcConfig={"SubnetIds": SUBNETS})
            params.update(case)
            params = {k: v for k, v in params.items() if v is not None}
            with self.subTest(case=case):
                with self.assert_client_error("InvalidParameterCombinationException"):
                    self.c.create_fleet(Name=f"e{i}", **params)


class TestDescribeFleets(AppStreamCase):
    def test_names_and_pages(self):
        names = [f"fleet-{i:02d}" for i in range(27)]
        for name in names:
            self.create_fleet(name)
        first = self.ok("describe_fleets")
        self.assertEqual(len(first["Fleets"]), 25)
        second = self.ok("describe_fleets", NextToken=first["NextToken"])
        self.assertNotIn("NextToken", second)
        self.assertEqual([f["Name"] for f in first["Fleets"] + second["Fleets"]], names)
        pages = list(self.c.get_paginator("describe_fleets").paginate())
        self.assertEqual(sum(len(p["Fleets"]) for p in pages), 27)
        named = self.ok("describe_fleets", Names=["fleet-03", "fleet-01", "fleet-03"])["Fleets"]
        self.assertEqual([f["Name"] for f in named], ["fleet-03", "fleet-01"])

    def test_unknown_name(self):
        self.create_fleet("known")
        with self.assert_client_error("ResourceNotFoundException", message_contains="nope"):
            self.c.describe_fleets(Names=["known", "nope"])

    def test_per_account_and_region(self):
        self.create_fleet("mine")
        self.assertEqual(self.client(SERVICE, access_key=fresh_account()).describe_fleets()["Fleets"], [])
        west = self.client(SERVICE, access_key=self.account, region="eu-west-1")
        self.assertEqual(west.describe_fleets()["Fleets"], [])


class TestStartStop(AppStreamCase):
    def test_life_cycle_with_no_delay(self):
        self.create_fleet("f", ComputeCapacity={"DesiredInstances": 2})
        self.ok("start_fleet", Name="f")
        fleet = self.fleet("f")
        self.assertEqual(fleet["State"], "RUNNING")
        self.assertEqual(fleet["ComputeCapacityStatus"],
                         {"Desired": 2, "Running": 2, "InUse": 0, "Available": 2})
        self.ok("start_fleet", Name="f")  # running already: no change
        self.c.get_waiter("fleet_started").wait(Names=["f"], WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        self.ok("stop_fleet", Name="f")
        self.assertEqual(self.fleet("f")["State"], "STOPPED")
        self.ok("stop_fleet", Name="f")  # stopped already: no change
        self.c.get_waiter("fleet_stopped").wait(Names=["f"], WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        self.assertEqual(self.fleet("f")["ComputeCapacityStatus"]["Running"], 0)

    def test_unknown_fleet(self):
        for op in ("start_fleet", "stop_fleet"):
            with self.assert_client_error("ResourceNotFoundException"):
                getattr(self.c, op)(Name="nope")

    def test_waiter_fails_on_a_stopped_fleet(self):
        from botocore.exceptions import WaiterError
        self.create_fleet("idle")
        with self.assertRaises(WaiterError):
            self.c.get_waiter("fleet_started").wait(Names=["idle"],
                                                    WaiterConfig={"Delay": 1, "MaxAttempts": 2})


class TestStatesWithDelay(AppStreamCase):
    server_args = ["--appstream-delay-ms", "600"]

    def test_starting_then_running(self):
        self.create_fleet("slow")
        self.ok("start_fleet", Name="slow")
        fleet = self.fleet("slow")
        self.assertEqual(fleet["State"], "STARTING")
        self.assertEqual(fleet["ComputeCapacityStatus"]["Running"], 0)
        # A fleet in transition cannot be deleted or updated, and starting again changes nothing.
        with self.assert_client_error("ResourceInUseException"):
            self.c.delete_fleet(Name="slow")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.update_fleet(Name="slow", DisplayName="x")
        self.ok("start_fleet", Name="slow")
        started = time.monotonic()
        self.c.get_waiter("fleet_started").wait(Names=["slow"],
                                                WaiterConfig={"Delay": 0.2, "MaxAttempts": 20})
        self.assertGreater(time.monotonic() - started, 0.2)
        self.assertEqual(self.fleet("slow")["State"], "RUNNING")

        self.ok("stop_fleet", Name="slow")
        self.assertEqual(self.fleet("slow")["State"], "STOPPING")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.start_fleet(Name="slow")
        self.ok("stop_fleet", Name="slow")
        self.c.get_waiter("fleet_stopped").wait(Names=["slow"],
                                                WaiterConfig={"Delay": 0.2, "MaxAttempts": 20})
        self.assertEqual(self.fleet("slow")["State"], "STOPPED")
        self.ok("delete_fleet", Name="slow")

    def test_stopping_a_starting_fleet(self):
        self.create_fleet("changing")
        self.ok("start_fleet", Name="changing")
        self.ok("stop_fleet", Name="changing")
        self.assertEqual(self.fleet("changing")["State"], "STOPPING")
        self.c.get_waiter("fleet_stopped").wait(Names=["changing"],
                                                WaiterConfig={"Delay": 0.2, "MaxAttempts": 20})


class TestUpdateFleet(AppStreamCase):
    def test_only_the_members_given(self):
        self.create_directory_config()
        self.create_fleet("u", **FULL)
        fleet = self.ok("update_fleet", Name="u", DisplayName="Renamed",
                        VpcConfig={"SubnetIds": ["subnet-0a1b2c3d4e5f69999"]},
                        ComputeCapacity={"DesiredInstances": 5}, InstanceType="stream.standard.large",
                        ImageName=WIN2019)["Fleet"]
        self.assertEqual(fleet["DisplayName"], "Renamed")
        self.assertEqual(fleet["Description"], FULL["Description"])
        # A structure given is merged member by member.
        self.assertEqual(fleet["VpcConfig"], {"SubnetIds": ["subnet-0a1b2c3d4e5f69999"],
                                              "SecurityGroupIds": ["sg-0123456789abcdef0"]})
        self.assertEqual(fleet["ComputeCapacityStatus"]["Desired"], 5)
        self.assertEqual(fleet["InstanceType"], "stream.standard.large")
        self.assertEqual((fleet["ImageName"], fleet["Platform"]), (WIN2019, "WINDOWS_SERVER_2019"))
        self.assertEqual(fleet["IamRoleArn"], FULL["IamRoleArn"])
        self.assertEqual(self.fleet("u"), fleet)

    def test_attributes_to_delete(self):
        self.create_directory_config()
        self.create_fleet("d", **FULL)
        fleet = self.ok("update_fleet", Name="d", AttributesToDelete=[
            "VPC_CONFIGURATION_SECURITY_GROUP_IDS", "DOMAIN_JOIN_INFO", "IAM_ROLE_ARN",
            "USB_DEVICE_FILTER_STRINGS", "VOLUME_CONFIGURATION"])["Fleet"]
        self.assertEqual(fleet["VpcConfig"], {"SubnetIds": SUBNETS})
        for gone in ("DomainJoinInfo", "IamRoleArn", "UsbDeviceFilterStrings", "RootVolumeConfig"):
            self.assertNotIn(gone, fleet)
        fleet = self.ok("update_fleet", Name="d", AttributesToDelete=["VPC_CONFIGURATION"])["Fleet"]
        self.assertNotIn("VpcConfig", fleet)
        fleet = self.ok("update_fleet", Name="d", VpcConfig={"SubnetIds": SUBNETS},
                        DeleteVpcConfig=False)["Fleet"]
        self.assertEqual(fleet["VpcConfig"], {"SubnetIds": SUBNETS})
        fleet = self.ok("update_fleet", Name="d", DeleteVpcConfig=True)["Fleet"]
        self.assertNotIn("VpcConfig", fleet)

    def test_a_running_fleet(self):
        self.running_fleet("r")
        fleet = self.ok("update_fleet", Name="r", DisplayName="Live",
                        ComputeCapacity={"DesiredInstances": 4}, ImageName=WIN2019,
                        DisconnectTimeoutInSeconds=120,
                        IdleDisconnectTimeoutInSeconds=600)["Fleet"]
        self.assertEqual(fleet["State"], "RUNNING")
        self.assertEqual(fleet["ComputeCapacityStatus"]["Running"], 4)
        with self.assert_client_error("ResourceInUseException", message_contains="InstanceType"):
            self.c.update_fleet(Name="r", InstanceType="stream.standard.large")
        with self.assert_client_error("ResourceInUseException"):
            self.c.update_fleet(Name="r", AttributesToDelete=["IAM_ROLE_ARN"])
        self.ok("stop_fleet", Name="r")
        self.ok("update_fleet", Name="r", InstanceType="stream.standard.large")

    def test_a_running_elastic_fleet(self):
        self.create_elastic_fleet("e")
        self.ok("start_fleet", Name="e")
        fleet = self.ok("update_fleet", Name="e", MaxConcurrentSessions=8,
                        UsbDeviceFilterStrings=["Wacom Tablet,056a,*,*,*,*,1,0"])["Fleet"]
        self.assertEqual(fleet["MaxConcurrentSessions"], 8)
        with self.assert_client_error("ResourceInUseException"):
            self.c.update_fleet(Name="e", ComputeCapacity={"DesiredInstances": 1})

    def test_errors(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.update_fleet(Name="nope", DisplayName="x")
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.update_fleet(DisplayName="x")
        self.create_fleet("f")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.update_fleet(Name="f", ImageName="NoSuchImage")
        with self.assert_client_error("ResourceNotAvailableException"):
            self.c.update_fleet(Name="f", ImageName=WITHDRAWN_AL2)
        with self.assert_client_error("IncompatibleImageException"):
            self.c.update_fleet(Name="f", InstanceType="stream.graphics.g4dn.xlarge")
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.update_fleet(Name="f", MaxConcurrentSessions=3)
        self.create_elastic_fleet("e")
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.update_fleet(Name="e", ImageName=WIN2022)


class TestDeleteFleet(AppStreamCase):
    def test_delete(self):
        arn = self.create_fleet("gone", Tags={"k": "v"})["Arn"]
        self.ok("delete_fleet", Name="gone")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_fleets(Names=["gone"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.delete_fleet(Name="gone")
        # A new fleet of the same name starts without the old one's tags.
        self.create_fleet("gone")
        self.assertNotIn("Tags", self.ok("list_tags_for_resource", ResourceArn=arn))

    def test_a_running_fleet_cannot_be_deleted(self):
        self.running_fleet("busy")
        with self.assert_client_error("ResourceInUseException", message_contains="RUNNING"):
            self.c.delete_fleet(Name="busy")

    def test_an_associated_fleet_cannot_be_deleted(self):
        self.create_fleet("served")
        self.create_stack("s")
        self.ok("associate_fleet", FleetName="served", StackName="s")
        with self.assert_client_error("ResourceInUseException", message_contains="s"):
            self.c.delete_fleet(Name="served")
        self.ok("disassociate_fleet", FleetName="served", StackName="s")
        self.ok("delete_fleet", Name="served")


class TestCli(AppStreamCase):
    def cli_ok(self, *args):
        code, out, err = self.cli(SERVICE, *args, access_key=self.account)
        self.assertEqual(code, 0, err)
        return out

    def test_create_start_describe(self):
        fleet = self.cli_ok("create-fleet", "--name", "cli-fleet", "--instance-type",
                            "stream.standard.small", "--image-name", WIN2022,
                            "--compute-capacity", "DesiredInstances=2")["Fleet"]
        self.assertEqual(fleet["State"], "STOPPED")
        self.cli_ok("start-fleet", "--name", "cli-fleet")
        code, _, err = self.cli(SERVICE, "wait", "fleet-started", "--names", "cli-fleet",
                                access_key=self.account)
        self.assertEqual(code, 0, err)
        fleets = self.cli_ok("describe-fleets", "--names", "cli-fleet")["Fleets"]
        self.assertEqual(fleets[0]["State"], "RUNNING")
        self.assertEqual(fleets[0]["ComputeCapacityStatus"]["Running"], 2)
        self.cli_ok("stop-fleet", "--name", "cli-fleet")
        self.cli_ok("delete-fleet", "--name", "cli-fleet")
        code, _, err = self.cli(SERVICE, "describe-fleets", "--names", "cli-fleet",
                                access_key=self.account)
        self.assertNotEqual(code, 0)
        self.assertIn("ResourceNotFoundException", err)


if __name__ == "__main__":
    unittest.main()
