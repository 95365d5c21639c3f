"""AppStream images the account makes and shares, through boto3: CreateImportedImage, CopyImage,
CreateUpdatedImage, DeleteImage, the image permissions (and SHARED images seen by the other
account), and the export tasks CreateExportImageTask, GetExportImageTask, ListExportImageTasks."""

import unittest

from appstream_case import (AMI, OFFICE, ROLE, SERVICE, WIN2019, WIN2022, AppStreamCase,
                            fresh_account)
from junction_harness import UUID_RE, wait_for

CATALOG = [{"Name": "notepad", "DisplayName": "Notepad",
            "AbsoluteAppPath": "C:\\Windows\\System32\\notepad.exe",
            "LaunchParameters": "-n", "WorkingDirectory": "C:\\Users"}]


class TestImportedImages(AppStreamCase):
    def test_import(self):
        image = self.imported_image("golden", DisplayName="Golden image",
                                    Description="From the golden AMI", AppCatalogConfig=CATALOG,
                                    Tags={"origin": "ami"}, AgentSoftwareVersion="ALWAYS_LATEST",
                                    RuntimeValidationConfig={
                                        "IntendedInstanceType": "stream.standard.large"})
        self.assertEqual(image["Arn"], self.arn("image", "golden"))
        self.assertEqual((image["Visibility"], image["ImageType"], image["Platform"]),
                         ("PRIVATE", "CUSTOM", "WINDOWS_SERVER_2022"))
        self.assertEqual(image["State"], "AVAILABLE")  # no delay: at once
        self.assertEqual((image["DisplayName"], image["Description"]),
                         ("Golden image", "From the golden AMI"))
        app = image["Applications"][0]
        self.assertEqual((app["Name"], app["DisplayName"], app["LaunchPath"], app["Enabled"]),
                         ("notepad", "Notepad", CATALOG[0]["AbsoluteAppPath"], True))
        self.assertEqual(self.ok("describe_images", Names=["golden"])["Images"], [image])
        self.assertEqual(self.ok("describe_images", Type="PRIVATE")["Images"], [image])
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=image["Arn"])["Tags"],
                         {"origin": "ami"})
        # A fleet runs it.
        fleet = self.create_fleet("custom", ImageName="golden")
        self.assertEqual(fleet["ImageArn"], image["Arn"])

    def test_dry_run_and_duplicates(self):
        with self.assert_client_error("DryRunOperationException"):
            self.imported_image("dry", DryRun=True)
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_images(Names=["dry"])
        self.imported_image("once")
        with self.assert_client_error("ResourceAlreadyExistsException", message_contains="once"):
            self.imported_image("once")


class TestCopyImage(AppStreamCase):
    def test_copy_to_another_region(self):
        source = self.imported_image("golden", Tags={"k": "v"})
        resp = self.ok("copy_image", SourceImageName="golden", DestinationImageName="golden-eu",
                       DestinationRegion="eu-west-1", DestinationImageDescription="Copy")
        self.assertEqual(resp["DestinationImageName"], "golden-eu")
        west = self.client(SERVICE, access_key=self.account, region="eu-west-1")
        copy = west.describe_images(Names=["golden-eu"])["Images"][0]
        self.assertEqual(copy["Arn"], f"arn:aws:appstream:eu-west-1:{self.account}:image/golden-eu")
        self.assertEqual((copy["State"], copy["Description"], copy["Platform"]),
                         ("AVAILABLE", "Copy", source["Platform"]))
        self.assertNotIn("ImageBuilderName", copy)
        # Tags are not copied.
        self.assertNotIn("Tags", west.list_tags_for_resource(ResourceArn=copy["Arn"]))
        # Not in the source's region.
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_images(Names=["golden-eu"])
        # Within the region too.
        self.ok("copy_image", SourceImageName="golden", DestinationImageName="golden-2",
                DestinationRegion="us-east-1")
        self.assertEqual(self.ok("describe_images", Names=["golden-2"])["Images"][0]["State"],
                         "AVAILABLE")

    def test_errors(self):
        self.imported_image("golden")
        self.imported_image("taken")
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.c.copy_image(SourceImageName="golden", DestinationImageName="taken",
                              DestinationRegion="us-east-1")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.copy_image(SourceImageName="nope", DestinationImageName="x",
                              DestinationRegion="us-east-1")
        with self.assert_client_error("ResourceNotFoundException"):  # public images are AWS's
            self.c.copy_image(SourceImageName=WIN2022, DestinationImageName="x",
                              DestinationRegion="us-east-1")
        self.seed_private_image("baking", state="PENDING")
        with self.assert_client_error("ResourceNotAvailableException"):
            self.c.copy_image(SourceImageName="baking", DestinationImageName="x",
                              DestinationRegion="us-east-1")


class TestUpdatedImage(AppStreamCase):
    def test_dry_run_and_update(self):
        # An image built on an older base image has updates.
        self.seed_private_image(
            "old", base_image_arn=f"arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-05-30-2025",
            public_base_image_released_at=1748563200.0, appstream_agent_version="05-30-2025",
            latest_appstream_agent_version="FALSE")
        dry = self.ok("create_updated_image", existingImageName="old", newImageName="new",
                      dryRun=True)
        self.assertTrue(dry["canUpdateImage"])
        self.assertEqual(dry["image"]["Name"], "old")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_images(Names=["new"])
        resp = self.ok("create_updated_image", existingImageName="old", newImageName="new",
                       newImageDescription="Patched", newImageDisplayName="New",
                       newImageTags={"patch": "2025-11"})
        image = resp["image"]
        self.assertEqual((image["Name"], image["Description"], image["DisplayName"]),
                         ("new", "Patched", "New"))
        self.assertEqual(image["BaseImageArn"], f"arn:aws:appstream:us-east-1::image/{WIN2022}")
        self.assertEqual(image["LatestAppstreamAgentVersion"], "TRUE")
        self.assertNotIn("ImageBuilderName", image)
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=image["Arn"])["Tags"],
                         {"patch": "2025-11"})
        # The updated image is up to date.
        again = self.ok("create_updated_image", existingImageName="new", newImageName="newer",
                        dryRun=True)
        self.assertFalse(again["canUpdateImage"])

    def test_errors(self):
        self.imported_image("golden")
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.c.create_updated_image(existingImageName="golden", newImageName="golden")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.create_updated_image(existingImageName="nope", newImageName="x")


class TestDeleteImage(AppStreamCase):
    def test_delete(self):
        image = self.imported_image("golden", Tags={"k": "v"})
        deleted = self.ok("delete_image", Name="golden")["Image"]
        self.assertEqual((deleted["Name"], deleted["State"]), ("golden", "DELETING"))
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_images(Names=["golden"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.list_tags_for_resource(ResourceArn=image["Arn"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.delete_image(Name="golden")
        with self.assert_client_error("OperationNotPermittedException"):
            self.c.delete_image(Name=WIN2022)

    def test_an_image_in_use(self):
        self.imported_image("fleet-image")
        self.create_fleet("f", ImageName="fleet-image")
        with self.assert_client_error("ResourceInUseException", message_contains="fleet f"):
            self.c.delete_image(Name="fleet-image")
        self.ok("delete_fleet", Name="f")
        self.ok("delete_image", Name="fleet-image")
        self.imported_image("builder-image")
        self.create_image_builder("b", ImageName="builder-image")
        with self.assert_client_error("ResourceInUseException", message_contains="image builder b"):
            self.c.delete_image(Name="builder-image")
        self.seed_private_image("baking", state="PENDING")
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.delete_image(Name="baking")


class TestImagePermissions(AppStreamCase):
    def setUp(self):
        super().setUp()
        self.other = fresh_account()
        self.them = self.client(SERVICE, access_key=self.other)
        self.image = self.imported_image("shared")

    def permissions(self, **params):
        return self.ok("describe_image_permissions", Name="shared",
                       **params)["SharedImagePermissionsList"]

    def test_share_and_unshare(self):
        self.assertEqual(self.permissions(), [])
        self.assertNotIn(self.image["Arn"],
                         [i["Arn"] for i in self.them.describe_images(Type="SHARED")["Images"]])
        self.ok("update_image_permissions", Name="shared", SharedAccountId=self.other,
                ImagePermissions={"allowFleet": True, "allowImageBuilder": False})
        self.assertEqual(self.permissions(), [{"sharedAccountId": self.other, "imagePermissions": {
            "allowFleet": True, "allowImageBuilder": False}}])
        self.assertEqual(self.ok("describe_images", Names=["shared"])["Images"][0]
                         ["ImageSharedWithOthers"], "TRUE")

        # The other account sees it SHARED, with what it may do.
        shared = self.them.describe_images(Type="SHARED")["Images"]
        self.assert_output_shape(SERVICE, "describe_images", {"Images": shared})
        self.assertEqual([i["Arn"] for i in shared], [self.image["Arn"]])
        self.assertEqual((shared[0]["Visibility"], shared[0]["ImagePermissions"]),
                         ("SHARED", {"allowFleet": True, "allowImageBuilder": False}))
        by_arn = self.them.describe_images(Arns=[self.image["Arn"]])["Images"]
        self.assertEqual(by_arn, shared)
        everything = [i["Name"] for i in self.them.describe_images()["Images"]]
        self.assertIn("shared", everything)
        # ... and runs fleets from it, but no image builders.
        fleet = self.them.create_fleet(Name="theirs", InstanceType="stream.standard.small",
                                       ImageArn=self.image["Arn"],
                                       ComputeCapacity={"DesiredInstances": 1})["Fleet"]
        self.assertEqual(fleet["ImageArn"], self.image["Arn"])
        with self.assert_client_error("OperationNotPermittedException"):
            self.them.create_image_builder(Name="b", InstanceType="stream.standard.small",
                                           ImageArn=self.image["Arn"])
        # Permissions given change; the others stay.
        self.ok("update_image_permissions", Name="shared", SharedAccountId=self.other,
                ImagePermissions={"allowImageBuilder": True})
        self.assertEqual(self.permissions()[0]["imagePermissions"],
                         {"allowFleet": True, "allowImageBuilder": True})
        self.them.create_image_builder(Name="b", InstanceType="stream.standard.small",
                                       ImageArn=self.image["Arn"])

        self.ok("delete_image_permissions", Name="shared", SharedAccountId=self.other)
        self.assertEqual(self.them.describe_images(Type="SHARED")["Images"], [])
        with self.assert_client_error("ResourceNotFoundException"):
            self.them.describe_images(Arns=[self.image["Arn"]])
        self.assertEqual(self.ok("describe_images", Names=["shared"])["Images"][0]
                         ["ImageSharedWithOthers"], "FALSE")

    def test_filters_and_pages(self):
        accounts = sorted(fresh_account() for _ in range(3))
        for account in accounts:
            self.ok("update_image_permissions", Name="shared", SharedAccountId=account,
                    ImagePermissions={"allowFleet": True})
        self.assertEqual([p["sharedAccountId"] for p in self.permissions(
            SharedAwsAccountIds=accounts[1:])], accounts[1:])
        items, pages = self.paginate(self.c, "describe_image_permissions",
                                     "SharedImagePermissionsList", 2, SERVICE, Name="shared")
        self.assertEqual(([p["sharedAccountId"] for p in items], pages), (accounts, 2))

    def test_errors(self):
        for operation, extra in (("update_image_permissions",
                                  {"ImagePermissions": {"allowFleet": True}}),
                                 ("delete_image_permissions", {})):
            with self.assert_client_error("ResourceNotFoundException"):
                getattr(self.c, operation)(Name="nope", SharedAccountId=self.other, **extra)
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_image_permissions(Name="nope")
        with self.assert_client_error("ResourceNotFoundException", message_contains=self.other):
            self.c.delete_image_permissions(Name="shared", SharedAccountId=self.other)
        with self.assert_client_error("InvalidParameterValueException"):
            self.c.update_image_permissions(Name="shared", SharedAccountId=self.account,
                                            ImagePermissions={"allowFleet": True})
        self.seed_private_image("baking", state="PENDING")
        with self.assert_client_error("ResourceNotAvailableException"):
            self.c.update_image_permissions(Name="baking", SharedAccountId=self.other,
                                            ImagePermissions={"allowFleet": True})
        # Another account cannot change the owner's image.
        with self.assert_client_error("ResourceNotFoundException"):
            self.them.update_image_permissions(Name="shared", SharedAccountId=fresh_account(),
                                               ImagePermissions={"allowFleet": True})


class TestExportImageTasks(AppStreamCase):
    def test_export(self):
        image = self.imported_image("golden")
        task = self.ok("create_export_image_task", ImageName="golden", AmiName="golden-ami",
                       IamRoleArn=ROLE, AmiDescription="For EC2",
                       TagSpecifications={"from": "appstream"})["ExportImageTask"]
        self.assertRegex(task["TaskId"], UUID_RE)
        self.assertEqual((task["ImageArn"], task["AmiName"], task["AmiDescription"],
                          task["TagSpecifications"]),
                         (image["Arn"], "golden-ami", "For EC2", {"from": "appstream"}))
        self.assertEqual(task["State"], "COMPLETED")  # no delay: at once
        self.assertRegex(task["AmiId"], r"^ami-[a-z0-9]{17}$")
        got = self.ok("get_export_image_task", TaskId=task["TaskId"])["ExportImageTask"]
        self.assertEqual(got, task)
        self.assertEqual(self.ok("list_export_image_tasks")["ExportImageTasks"], [task])

    def test_filters_and_pages(self):
        self.imported_image("a")
        self.imported_image("b")
        for image, ami in (("a", "ami-one"), ("a", "ami-two"), ("b", "ami-three")):
            self.ok("create_export_image_task", ImageName=image, AmiName=ami, IamRoleArn=ROLE)

        def amis(filters):
            tasks = self.ok("list_export_image_tasks", Filters=filters)["ExportImageTasks"]
            return [t["AmiName"] for t in tasks]
        self.assertEqual(amis([{"Name": "ImageName", "Values": ["a"]}]), ["ami-one", "ami-two"])
        self.assertEqual(amis([{"Name": "State", "Values": ["COMPLETED"]},
                               {"Name": "AmiName", "Values": ["ami-three", "ami-one"]}]),
                         ["ami-one", "ami-three"])
        self.assertEqual(amis([{"Name": "State", "Values": ["FAILED"]}]), [])
        items, pages = self.paginate(self.c, "list_export_image_tasks", "ExportImageTasks", 2,
                                     SERVICE)
        self.assertEqual((len(items), pages), (3, 2))
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.list_export_image_tasks(Filters=[{"Name": "Color", "Values": ["red"]}])

    def test_errors(self):
        self.imported_image("golden")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.create_export_image_task(ImageName="nope", AmiName="x-ami", IamRoleArn=ROLE)
        self.seed_private_image("baking", state="PENDING")
        with self.assert_client_error("ResourceNotAvailableException"):
            self.c.create_export_image_task(ImageName="baking", AmiName="x-ami", IamRoleArn=ROLE)
        self.ok("create_export_image_task", ImageName="golden", AmiName="once", IamRoleArn=ROLE)
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.c.create_export_image_task(ImageName="golden", AmiName="once", IamRoleArn=ROLE)
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.get_export_image_task(TaskId="00000000-0000-4000-8000-000000000000")


class TestWithDelay(AppStreamCase):
    server_args = ["--appstream-delay-ms", "500"]

    def state(self, name, region="us-east-1"):
        c = self.client(SERVICE, access_key=self.account, region=region)
        return c.describe_images(Names=[name])["Images"][0]["State"]

    def test_images_and_exports_settle(self):
        self.assertEqual(self.imported_image("golden")["State"], "IMPORTING")
        with self.assert_client_error("ResourceNotAvailableException"):
            self.create_fleet("early", ImageName="golden")
        self.assertTrue(wait_for(lambda: self.state("golden") == "AVAILABLE", timeout=5))
        self.ok("copy_image", SourceImageName="golden", DestinationImageName="golden",
                DestinationRegion="us-west-2")
        self.assertEqual(self.state("golden", "us-west-2"), "PENDING")
        self.assertTrue(wait_for(lambda: self.state("golden", "us-west-2") == "AVAILABLE",
                                 timeout=5))
        task = self.ok("create_export_image_task", ImageName="golden", AmiName="golden-ami",
                       IamRoleArn=ROLE)["ExportImageTask"]
        self.assertEqual(task["State"], "EXPORTING")
        self.assertNotIn("AmiId", task)

        def completed():
            return self.ok("get_export_image_task",
                           TaskId=task["TaskId"])["ExportImageTask"]["State"] == "COMPLETED"
        self.assertTrue(wait_for(completed, timeout=5))


if __name__ == "__main__":
    unittest.main()
