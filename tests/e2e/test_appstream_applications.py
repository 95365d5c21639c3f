"""AppStream app blocks and applications through boto3: CreateAppBlock, DescribeAppBlocks,
DeleteAppBlock, Create/Describe/Update/DeleteApplication, and applications of Elastic fleets."""

import unittest

from appstream_case import AppStreamCase, fresh_account, SERVICE


class TestAppBlocks(AppStreamCase):
    def test_create_and_describe(self):
        block = self.create_app_block("tools", Description="Tools", DisplayName="Tools VHD",
                                      Tags={"team": "apps"})
        self.assertEqual(block["Arn"], self.arn("app-block", "tools"))
        self.assertEqual((block["PackagingType"], block["State"]), ("CUSTOM", "ACTIVE"))
        self.assertEqual(block["SourceS3Location"], {"S3Bucket": "apps-bucket",
                                                     "S3Key": "tools.vhdx"})
        self.assertEqual(block["SetupScriptDetails"]["TimeoutInSeconds"], 60)
        packaged = self.ok("create_app_block", Name="packaged", PackagingType="APPSTREAM2",
                           SourceS3Location={"S3Bucket": "apps-bucket"})["AppBlock"]
        self.assertEqual(packaged["State"], "INACTIVE")
        self.assertEqual([b["Name"] for b in self.ok("describe_app_blocks")["AppBlocks"]],
                         ["packaged", "tools"])
        self.assertEqual(self.ok("describe_app_blocks", Arns=[block["Arn"]])["AppBlocks"],
                         [block])
        page = self.ok("describe_app_blocks", MaxResults=1)
        self.assertEqual(len(page["AppBlocks"]), 1)
        self.assertIn("NextToken", page)
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=block["Arn"])["Tags"],
                         {"team": "apps"})

    def test_errors(self):
        self.create_app_block("dup")
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.create_app_block("dup")
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.create_app_block(Name="custom", SourceS3Location={"S3Bucket": "apps-bucket",
                                                                     "S3Key": "x.vhdx"})
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_app_blocks(Arns=[self.arn("app-block", "nope")])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.delete_app_block(Name="nope")

    def test_delete(self):
        block = self.create_app_block("used")
        app = self.create_application("calc", block["Arn"])
        with self.assert_client_error("ResourceInUseException"):
            self.c.delete_app_block(Name="used")
        self.ok("delete_application", Name="calc")
        self.ok("delete_app_block", Name="used")
        self.assertEqual(self.ok("describe_app_blocks")["AppBlocks"], [])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_applications(Arns=[app["Arn"]])


class TestApplications(AppStreamCase):
    def setUp(self):
        super().setUp()
        self.block = self.create_app_block("tools")

    def test_create_and_describe(self):
        app = self.create_application("calc", self.block["Arn"], DisplayName="Calculator",
                                      Description="Sums", WorkingDirectory="C:\\Apps",
                                      LaunchParameters="--fast", Tags={"k": "v"})
        self.assertEqual(app["Arn"], self.arn("application", "calc"))
        self.assertEqual(app["AppBlockArn"], self.block["Arn"])
        self.assertEqual((app["DisplayName"], app["Description"], app["WorkingDirectory"],
                          app["LaunchParameters"]), ("Calculator", "Sums", "C:\\Apps", "--fast"))
        self.assertEqual(app["Platforms"], ["WINDOWS_SERVER_2019"])
        self.assertEqual(app["InstanceFamilies"], ["GENERAL_PURPOSE"])
        self.assertTrue(app["Enabled"])
        self.assertTrue(app["IconURL"].startswith("https://apps-bucket.s3.us-east-1.amazonaws.com/"))
        self.assertEqual(self.ok("describe_applications", Arns=[app["Arn"]])["Applications"],
                         [app])
        self.create_application("alpha", self.block["Arn"])
        self.assertEqual([a["Name"] for a in self.ok("describe_applications")["Applications"]],
                         ["alpha", "calc"])
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=app["Arn"])["Tags"],
                         {"k": "v"})

    def test_errors(self):
        self.create_application("dup", self.block["Arn"])
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.create_application("dup", self.block["Arn"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.create_application("orphan", self.arn("app-block", "nope"))
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_applications(Arns=[self.arn("application", "nope")])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.update_application(Name="nope", DisplayName="x")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.update_application(Name="dup", AppBlockArn=self.arn("app-block", "nope"))
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.delete_application(Name="nope")

    def test_update(self):
        self.create_application("calc", self.block["Arn"], WorkingDirectory="C:\\Apps",
                                LaunchParameters="--fast", DisplayName="Calc")
        other = self.create_app_block("other")
        app = self.ok("update_application", Name="calc", Description="New",
                      AppBlockArn=other["Arn"],
                      AttributesToDelete=["LAUNCH_PARAMETERS"])["Application"]
        self.assertEqual((app["Description"], app["DisplayName"], app["WorkingDirectory"]),
                         ("New", "Calc", "C:\\Apps"))
        self.assertNotIn("LaunchParameters", app)
        self.assertEqual(app["AppBlockArn"], other["Arn"])
        app = self.ok("update_application", Name="calc",
                      AttributesToDelete=["WORKING_DIRECTORY"])["Application"]
        self.assertNotIn("WorkingDirectory", app)


class TestApplicationFleets(AppStreamCase):
    def setUp(self):
        super().setUp()
        block = self.create_app_block("tools")
        self.app = self.create_application("calc", block["Arn"])
        self.create_elastic_fleet("elastic")

    def test_associate_and_describe(self):
        resp = self.ok("associate_application_fleet", FleetName="elastic",
                       ApplicationArn=self.app["Arn"])
        pair = {"FleetName": "elastic", "ApplicationArn": self.app["Arn"]}
        self.assertEqual(resp["ApplicationFleetAssociation"], pair)
        self.ok("associate_application_fleet", FleetName="elastic", ApplicationArn=self.app["Arn"])
        for params in ({"FleetName": "elastic"}, {"ApplicationArn": self.app["Arn"]},
                       {"FleetName": "elastic", "ApplicationArn": self.app["Arn"]}):
            found = self.ok("describe_application_fleet_associations", **params)
            self.assertEqual(found["ApplicationFleetAssociations"], [pair])
        empty = self.ok("describe_application_fleet_associations", FleetName="other")
        self.assertNotIn("ApplicationFleetAssociations", empty)
        with self.assert_client_error("ResourceInUseException"):
            self.c.delete_application(Name="calc")
        self.ok("disassociate_application_fleet", FleetName="elastic",
                ApplicationArn=self.app["Arn"])
        self.ok("disassociate_application_fleet", FleetName="elastic",
                ApplicationArn=self.app["Arn"])  # not associated: not an error
        self.ok("delete_application", Name="calc")

    def test_deleting_the_fleet_forgets_its_applications(self):
        self.ok("associate_application_fleet", FleetName="elastic", ApplicationArn=self.app["Arn"])
        self.ok("delete_fleet", Name="elastic")
        self.assertNotIn("ApplicationFleetAssociations",
                         self.ok("describe_application_fleet_associations",
                                 ApplicationArn=self.app["Arn"]))

    def test_errors(self):
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.describe_application_fleet_associations()
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.associate_application_fleet(FleetName="nope", ApplicationArn=self.app["Arn"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.associate_application_fleet(FleetName="elastic",
                                               ApplicationArn=self.arn("application", "nope"))
        self.create_fleet("always", FleetType="ALWAYS_ON")
        with self.assert_client_error("OperationNotPermittedException"):
            self.c.associate_application_fleet(FleetName="always", ApplicationArn=self.app["Arn"])
        self.create_elastic_fleet("linux", Platform="AMAZON_LINUX2")
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.associate_application_fleet(FleetName="linux", ApplicationArn=self.app["Arn"])

    def test_per_account(self):
        other = self.client(SERVICE, access_key=fresh_account())
        self.assertEqual(other.describe_applications()["Applications"], [])


if __name__ == "__main__":
    unittest.main()
