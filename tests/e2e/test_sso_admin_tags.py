"""SSO Admin tags through boto3: TagResource, UntagResource and ListTagsForResource on the
instance and permission sets, AWS's quota of 50 tags per resource, and tags gone with their
resource."""

import unittest

from test_sso_admin import SVC, SsoTestCase, unknown_instance_arn, unknown_ps_arn


class TestSsoTags(SsoTestCase):
    def tags(self, arn, **extra):
        resp = self.sso.list_tags_for_resource(ResourceArn=arn, **extra)
        self.assert_output_shape(SVC, "ListTagsForResource", resp)
        return resp

    def test_tag_untag_permission_set(self):
        ps = self.create_ps(Tags=[{"Key": "team", "Value": "blue"}])["PermissionSetArn"]
        resp = self.sso.tag_resource(InstanceArn=self.instance_arn, ResourceArn=ps,
                                     Tags=[{"Key": "team", "Value": "red"},
                                           {"Key": "cost", "Value": "42"}])
        self.assert_output_shape(SVC, "TagResource", resp)
        self.assertEqual(self.tags(ps, InstanceArn=self.instance_arn)["Tags"],
                         [{"Key": "cost", "Value": "42"}, {"Key": "team", "Value": "red"}])
        resp = self.sso.untag_resource(InstanceArn=self.instance_arn, ResourceArn=ps,
                                       TagKeys=["team", "never-set"])
        self.assert_output_shape(SVC, "UntagResource", resp)
        self.assertEqual(self.tags(ps)["Tags"], [{"Key": "cost", "Value": "42"}])

    def test_tag_the_instance(self):
        self.sso.tag_resource(ResourceArn=self.instance_arn, Tags=[{"Key": "env", "Value": "ci"}])
        self.assertEqual(self.tags(self.instance_arn)["Tags"], [{"Key": "env", "Value": "ci"}])

    def test_quota_of_fifty_tags(self):
        ps = self.create_ps()["PermissionSetArn"]
        self.sso.tag_resource(ResourceArn=ps,
                              Tags=[{"Key": f"k{i:02}", "Value": "v"} for i in range(50)])
        with self.assert_client_error("ServiceQuotaExceededException"):
            self.sso.tag_resource(ResourceArn=ps, Tags=[{"Key": "one-more", "Value": "v"}])
        # Nothing of the refused call was kept; overwriting an existing key is fine.
        self.sso.tag_resource(ResourceArn=ps, Tags=[{"Key": "k00", "Value": "w"}])
        tags = self.tags(ps)["Tags"]
        self.assertEqual(len(tags), 50)
        self.assertNotIn("one-more", [t["Key"] for t in tags])

    def test_list_is_paginated(self):
        ps = self.create_ps()["PermissionSetArn"]
        self.sso.tag_resource(ResourceArn=ps,
                              Tags=[{"Key": f"k{i:02}", "Value": "v"} for i in range(50)])
        seen, token = [], None
        while True:
            page = self.tags(ps, **({"NextToken": token} if token else {}))
            seen += [t["Key"] for t in page["Tags"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, [f"k{i:02}" for i in range(50)])

    def test_unknown_resources(self):
        for arn in (unknown_ps_arn(self.instance_arn), unknown_instance_arn()):
            with self.assert_client_error("ResourceNotFoundException"):
                self.sso.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])
            with self.assert_client_error("ResourceNotFoundException"):
                self.sso.untag_resource(ResourceArn=arn, TagKeys=["k"])
            with self.assert_client_error("ResourceNotFoundException"):
                self.sso.list_tags_for_resource(ResourceArn=arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_tags_for_resource(InstanceArn=unknown_instance_arn(),
                                            ResourceArn=self.instance_arn)

    def test_tags_go_with_the_permission_set(self):
        name = "Tagged"
        ps = self.create_ps(name=name, Tags=[{"Key": "a", "Value": "1"}])["PermissionSetArn"]
        self.sso.delete_permission_set(InstanceArn=self.instance_arn, PermissionSetArn=ps)
        again = self.create_ps(name=name)["PermissionSetArn"]
        self.assertEqual(self.tags(again)["Tags"], [])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_tags_for_resource(ResourceArn=ps)


if __name__ == "__main__":
    unittest.main()
