"""AppStream DescribeImages through boto3: AWS's public base images next to the account's private
images, the Type, Names and Arns filters, and pages."""

import unittest

from appstream_case import (AppStreamCase, G4DN_2022, RHEL8, SERVICE, WIN2022, WITHDRAWN_AL2,
                            fresh_account)


class TestPublicCatalogue(AppStreamCase):
    def all_images(self, **params):
        items, _ = self.paginate(self.c, "describe_images", "Images", 25, SERVICE, **params)
        return items

    def test_public_base_images(self):
        images = {i["Name"]: i for i in self.all_images(Type="PUBLIC")}
        for name in (WIN2022, "AppStream-WinServer2025-12-18-2025", "AppStream-WinServer2019-11-10-2025",
                     "AppStream-WinServer2016-11-10-2025", RHEL8, "AppStream-RockyLinux8-08-31-2026",
                     G4DN_2022, "Amazon-AppStream2-Sample-Image-06-17-2024"):
            self.assertIn(name, images)
        image = images[WIN2022]
        self.assertEqual(image["Arn"], f"arn:aws:appstream:us-east-1::image/{WIN2022}")
        self.assertEqual(image["Visibility"], "PUBLIC")
        self.assertEqual(image["State"], "AVAILABLE")
        self.assertEqual(image["Platform"], "WINDOWS_SERVER_2022")
        self.assertTrue(image["ImageBuilderSupported"])
        self.assertEqual(image["PublicBaseImageReleasedDate"].strftime("%Y-%m-%d"), "2025-11-10")
        self.assertEqual(image["SupportedInstanceFamilies"],
                         ["GENERAL_PURPOSE", "COMPUTE_OPTIMIZED", "MEMORY_OPTIMIZED"])
        self.assertIn("Windows Server 2022", image["DisplayName"])
        self.assertEqual(images[RHEL8]["Platform"], "RHEL8")
        self.assertEqual(images["AppStream-RockyLinux8-08-31-2026"]["Platform"], "ROCKY_LINUX8")
        self.assertEqual(images[G4DN_2022]["SupportedInstanceFamilies"], ["GRAPHICS_G4"])
        # Withdrawn images are not offered.
        self.assertNotIn(WITHDRAWN_AL2, images)

    def test_the_region_is_in_the_arn(self):
        west = self.client(SERVICE, access_key=self.account, region="eu-west-1")
        image = west.describe_images(Names=[WIN2022])["Images"][0]
        self.assertEqual(image["Arn"], f"arn:aws:appstream:eu-west-1::image/{WIN2022}")

    def test_names_and_arns(self):
        by_name = self.ok("describe_images", Names=[RHEL8, WIN2022])["Images"]
        self.assertEqual([i["Name"] for i in by_name], [RHEL8, WIN2022])
        arn = f"arn:aws:appstream:us-east-1::image/{WIN2022}"
        by_arn = self.ok("describe_images", Arns=[arn])["Images"]
        self.assertEqual(by_arn, by_name[1:])
        with self.assert_client_error("ResourceNotFoundException", message_contains="Nope"):
            self.c.describe_images(Names=[WIN2022, "Nope"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_images(Names=[WITHDRAWN_AL2])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_images(Arns=[f"arn:aws:appstream:eu-west-1::image/{WIN2022}"])

    def test_names_and_arns_together(self):
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.describe_images(Names=[WIN2022],
                                   Arns=[f"arn:aws:appstream:us-east-1::image/{WIN2022}"])

    def test_pages(self):
        everything = self.all_images()
        self.assertGreater(len(everything), 25)
        first = self.ok("describe_images", MaxResults=5)
        self.assertEqual(len(first["Images"]), 5)
        self.assertIn("NextToken", first)
        second = self.ok("describe_images", MaxResults=5, NextToken=first["NextToken"])
        self.assertEqual([i["Name"] for i in first["Images"] + second["Images"]],
                         [i["Name"] for i in everything[:10]])
        # MaxResults 0 asks for the default page of 25.
        self.assertEqual(len(self.ok("describe_images", MaxResults=0)["Images"]), 25)
        pages = list(self.c.get_paginator("describe_images").paginate())
        self.assertEqual(sum(len(p["Images"]) for p in pages), len(everything))
        with self.assert_client_error("ValidationException"):
            self.c.describe_images(NextToken="not-a-token")

    def test_max_results_bounds(self):
        raw = self.client(SERVICE, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException"):
            raw.describe_images(MaxResults=26)


class TestPrivateImages(AppStreamCase):
    def test_private_images_beside_public_ones(self):
        self.seed_private_image("golden", description="Our apps", display_name="Golden",
                                applications='[{"Name": "notepad", "DisplayName": "Notepad",'
                                             ' "Enabled": true}]')
        private = self.ok("describe_images", Type="PRIVATE")["Images"]
        self.assertEqual([i["Name"] for i in private], ["golden"])
        image = private[0]
        self.assertEqual(image["Arn"], self.arn("image", "golden"))
        self.assertEqual(image["Visibility"], "PRIVATE")
        self.assertEqual(image["State"], "AVAILABLE")
        self.assertEqual(image["Description"], "Our apps")
        self.assertEqual(image["BaseImageArn"], f"arn:aws:appstream:us-east-1::image/{WIN2022}")
        self.assertEqual(image["Applications"][0]["Name"], "notepad")
        everything = self.ok("describe_images")["Images"]
        self.assertEqual(everything[0]["Name"], "golden")
        self.assertNotIn("golden", [i["Name"] for i in self.ok("describe_images",
                                                               Type="PUBLIC")["Images"]])
        self.assertEqual(self.ok("describe_images", Type="SHARED")["Images"], [])
        self.assertEqual(self.ok("describe_images", Arns=[self.arn("image", "golden")])["Images"],
                         [image])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_images(Names=["golden"], Type="PUBLIC")
        # Another account does not see it.
        other = self.client(SERVICE, access_key=fresh_account())
        self.assertEqual(other.describe_images(Type="PRIVATE")["Images"], [])

    def test_a_pending_image_settles(self):
        self.seed_private_image("building", state="AVAILABLE", state_pending="PENDING",
                                state_settles_at=4102444800.0)
        self.assertEqual(self.ok("describe_images", Names=["building"])["Images"][0]["State"],
                         "PENDING")


if __name__ == "__main__":
    unittest.main()
