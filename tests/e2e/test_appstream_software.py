"""AppStream license-included software through boto3: AssociateSoftwareToImageBuilder,
DisassociateSoftwareFromImageBuilder, StartSoftwareDeploymentToImageBuilder and
DescribeSoftwareAssociations, with and without a delay."""

import unittest

from appstream_case import AppStreamCase, OFFICE, RHEL8, VISIO, WIN2022
from junction_harness import wait_for


class SoftwareCase(AppStreamCase):
    def software(self, arn):
        resp = self.ok("describe_software_associations", AssociatedResource=arn)
        self.assertEqual(resp["AssociatedResource"], arn)
        return {s["SoftwareName"]: s["Status"] for s in resp["SoftwareAssociations"]}


class TestSoftware(SoftwareCase):
    def test_stage_deploy_and_remove(self):
        arn = self.create_image_builder("b")["Arn"]
        self.assertEqual(self.software(arn), {})
        self.ok("associate_software_to_image_builder", ImageBuilderName="b",
                SoftwareNames=[OFFICE, VISIO])
        self.assertEqual(self.software(arn), {OFFICE: "STAGED_FOR_INSTALLATION",
                                              VISIO: "STAGED_FOR_INSTALLATION"})
        # Associating again changes nothing.
        self.ok("associate_software_to_image_builder", ImageBuilderName="b", SoftwareNames=[OFFICE])
        self.ok("start_software_deployment_to_image_builder", ImageBuilderName="b")
        self.assertEqual(self.software(arn), {OFFICE: "INSTALLED", VISIO: "INSTALLED"})

        self.ok("disassociate_software_from_image_builder", ImageBuilderName="b",
                SoftwareNames=[VISIO])
        self.assertEqual(self.software(arn), {OFFICE: "INSTALLED",
                                              VISIO: "STAGED_FOR_UNINSTALLATION"})
        # Associated again before the deployment, it stays installed.
        self.ok("associate_software_to_image_builder", ImageBuilderName="b", SoftwareNames=[VISIO])
        self.assertEqual(self.software(arn)[VISIO], "INSTALLED")
        self.ok("disassociate_software_from_image_builder", ImageBuilderName="b",
                SoftwareNames=[VISIO])
        self.ok("start_software_deployment_to_image_builder", ImageBuilderName="b",
                RetryFailedDeployments=True)
        self.assertEqual(self.software(arn), {OFFICE: "INSTALLED"})
        # Staged but not deployed: disassociating forgets it.
        self.ok("associate_software_to_image_builder", ImageBuilderName="b", SoftwareNames=[VISIO])
        self.ok("disassociate_software_from_image_builder", ImageBuilderName="b",
                SoftwareNames=[VISIO])
        self.assertEqual(self.software(arn), {OFFICE: "INSTALLED"})

    def test_installed_at_creation(self):
        arn = self.create_image_builder("b", SoftwaresToInstall=[OFFICE])["Arn"]
        self.assertEqual(self.software(arn), {OFFICE: "INSTALLED"})
        with self.assert_client_error("InvalidParameterCombinationException",
                                      message_contains=VISIO):
            self.create_image_builder("c", SoftwaresToUninstall=[VISIO])  # not on the image
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.create_image_builder("d", SoftwaresToInstall=["Notepad"])
        with self.assert_client_error("IncompatibleImageException"):
            self.create_image_builder("e", ImageName=RHEL8, SoftwaresToInstall=[OFFICE])

    def test_errors(self):
        self.create_image_builder("b")
        with self.assert_client_error("InvalidParameterCombinationException",
                                      message_contains="Notepad"):
            self.c.associate_software_to_image_builder(ImageBuilderName="b",
                                                       SoftwareNames=["Notepad"])
        with self.assert_client_error("ResourceNotFoundException", message_contains=OFFICE):
            self.c.disassociate_software_from_image_builder(ImageBuilderName="b",
                                                            SoftwareNames=[OFFICE])
        for operation in ("associate_software_to_image_builder",
                          "disassociate_software_from_image_builder"):
            with self.assert_client_error("ResourceNotFoundException"):
                getattr(self.c, operation)(ImageBuilderName="nope", SoftwareNames=[OFFICE])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.start_software_deployment_to_image_builder(ImageBuilderName="nope")
        self.create_image_builder("linux", ImageName=RHEL8)
        with self.assert_client_error("IncompatibleImageException"):
            self.c.associate_software_to_image_builder(ImageBuilderName="linux",
                                                       SoftwareNames=[OFFICE])
        self.ok("stop_image_builder", Name="b")
        with self.assert_client_error("OperationNotPermittedException", message_contains="STOPPED"):
            self.c.start_software_deployment_to_image_builder(ImageBuilderName="b")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_software_associations(
                AssociatedResource=self.arn("image-builder", "nope"))
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_software_associations(AssociatedResource=self.arn("image", "nope"))

    def test_images_and_deleted_builders(self):
        public = f"arn:aws:appstream:us-east-1::image/{WIN2022}"
        self.assertEqual(self.software(public), {})
        arn = self.create_image_builder("b", SoftwaresToInstall=[OFFICE])["Arn"]
        self.ok("delete_image_builder", Name="b")
        self.create_image_builder("b")
        self.assertEqual(self.software(arn), {})

    def test_pages(self):
        arn = self.create_image_builder("b", SoftwaresToInstall=[OFFICE, VISIO])["Arn"]
        items, pages = self.paginate(self.c, "describe_software_associations",
                                     "SoftwareAssociations", 1, "appstream",
                                     AssociatedResource=arn)
        self.assertEqual(([s["SoftwareName"] for s in items], pages), (sorted([OFFICE, VISIO]), 2))


class TestDeploymentWithDelay(SoftwareCase):
    server_args = ["--appstream-delay-ms", "500"]

    def test_pending_then_installed(self):
        arn = self.create_image_builder("b", SoftwaresToInstall=[OFFICE])["Arn"]
        self.assertEqual(self.software(arn), {OFFICE: "PENDING_INSTALLATION"})
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.associate_software_to_image_builder(ImageBuilderName="b", SoftwareNames=[VISIO])
        self.assertTrue(wait_for(lambda: self.image_builder("b")["State"] == "RUNNING", timeout=5))
        self.assertEqual(self.software(arn), {OFFICE: "INSTALLED"})
        self.ok("disassociate_software_from_image_builder", ImageBuilderName="b",
                SoftwareNames=[OFFICE])
        self.ok("start_software_deployment_to_image_builder", ImageBuilderName="b")
        self.assertEqual(self.software(arn), {OFFICE: "PENDING_UNINSTALLATION"})
        with self.assert_client_error("ConcurrentModificationException"):
            self.c.start_software_deployment_to_image_builder(ImageBuilderName="b")
        self.assertTrue(wait_for(lambda: self.software(arn) == {}, timeout=5))


if __name__ == "__main__":
    unittest.main()
