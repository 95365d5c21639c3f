"""AppStream tags through boto3: TagResource, UntagResource, ListTagsForResource on stacks, fleets,
private images, app blocks, applications, image builders and app block builders; AWS's quota of
50 tags."""

import unittest

from appstream_case import AppStreamCase, WIN2022, fresh_account, SERVICE


class TestTags(AppStreamCase):
    def resources(self):
        """One resource of every taggable kind, by ARN."""
        self.create_stack("stack")
        self.create_fleet("fleet")
        self.seed_private_image("image")
        block = self.create_app_block("block")
        app = self.create_application("app", block["Arn"])
        builder = self.create_image_builder("builder")
        packager = self.create_app_block_builder("packager")
        return [self.arn("stack", "stack"), self.arn("fleet", "fleet"), self.arn("image", "image"),
                block["Arn"], app["Arn"], builder["Arn"], packager["Arn"]]

    def test_every_taggable_kind(self):
        for arn in self.resources():
            with self.subTest(arn=arn):
                self.assertNotIn("Tags", self.ok("list_tags_for_resource", ResourceArn=arn))
                self.ok("tag_resource", ResourceArn=arn, Tags={"env": "test", "team": ""})
                self.ok("tag_resource", ResourceArn=arn, Tags={"env": "prod"})
                self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=arn)["Tags"],
                                 {"env": "prod", "team": ""})
                self.ok("untag_resource", ResourceArn=arn, TagKeys=["team", "absent"])
                self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=arn)["Tags"],
                                 {"env": "prod"})

    def test_stack_creation_tags(self):
        self.create_stack("tagged", Tags={"a": "1"})
        self.assertEqual(self.ok("list_tags_for_resource",
                                 ResourceArn=self.arn("stack", "tagged"))["Tags"], {"a": "1"})

    def test_unknown_resources(self):
        for arn in (self.arn("stack", "nope"), self.arn("fleet", "nope"),
                    self.arn("image", "nope"), self.arn("app-block", "nope"),
                    self.arn("application", "nope"), self.arn("image-builder", "nope"),
                    self.arn("app-block-builder", "nope"),
                    f"arn:aws:appstream:us-east-1::image/{WIN2022}",  # AWS's, not the account's
                    f"arn:aws:appstream:us-east-1:{self.account}:user/userpool/a@example.com"):
            with self.subTest(arn=arn):
                with self.assert_client_error("ResourceNotFoundException"):
                    self.c.list_tags_for_resource(ResourceArn=arn)
                with self.assert_client_error("ResourceNotFoundException"):
                    self.c.tag_resource(ResourceArn=arn, Tags={"k": "v"})
                with self.assert_client_error("ResourceNotFoundException"):
                    self.c.untag_resource(ResourceArn=arn, TagKeys=["k"])

    def test_another_accounts_resource(self):
        self.create_stack("mine")
        other = self.client(SERVICE, access_key=fresh_account())
        with self.assert_client_error("ResourceNotFoundException"):
            other.list_tags_for_resource(ResourceArn=self.arn("stack", "mine"))

    def test_quota(self):
        self.create_stack("full", Tags={f"k{i}": "v" for i in range(50)})
        arn = self.arn("stack", "full")
        with self.assert_client_error("LimitExceededException"):
            self.c.tag_resource(ResourceArn=arn, Tags={"one-more": "v"})
        self.ok("tag_resource", ResourceArn=arn, Tags={"k0": "changed"})  # overwriting is fine
        self.assertEqual(len(self.ok("list_tags_for_resource", ResourceArn=arn)["Tags"]), 50)

    def test_deleting_forgets_tags(self):
        self.create_stack("s", Tags={"a": "1"})
        self.ok("delete_stack", Name="s")
        self.create_stack("s")
        self.assertNotIn("Tags", self.ok("list_tags_for_resource", ResourceArn=self.arn("stack", "s")))
        block = self.create_app_block("b", Tags={"a": "1"})
        self.ok("delete_app_block", Name="b")
        self.create_app_block("b")
        self.assertNotIn("Tags", self.ok("list_tags_for_resource", ResourceArn=block["Arn"]))
        packager = self.create_app_block_builder("p", Tags={"a": "1"})
        self.ok("delete_app_block_builder", Name="p")
        self.create_app_block_builder("p")
        self.assertNotIn("Tags", self.ok("list_tags_for_resource", ResourceArn=packager["Arn"]))


if __name__ == "__main__":
    unittest.main()
