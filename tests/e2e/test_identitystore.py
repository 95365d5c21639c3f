"""End-to-end tests of Identity Store (SPEC §2a) through boto3: users, groups, memberships and the
id look-ups, in the identity store of the caller's SSO instance. Each test runs in a fresh random
account, so it starts from an empty store even against a shared server (JUNCTION_URL)."""

import datetime
import json
import os
import re
import unittest
import uuid

from botocore.exceptions import ClientError

from junction_harness import REPO_ROOT, JunctionTestCase, fresh_account, http_request

SVC = "identitystore"
STORE_RE = re.compile(r"^d-[0-9a-f]{10}$")
# Ids as Identity Store gives them today, e.g. f384e872-8021-70c4-796b-a1180c595771.
ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]0[0-9a-f]1-70[0-9a-f]{2}-[0-9a-f]{4}-[0-9a-f]{12}$")
ENTERPRISE = "aws:identitystore:enterprise"


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def full_user(user_name):
    """Every attribute CreateUser takes."""
    return dict(
        UserName=user_name,
        Name={"Formatted": "Dr. Ana M. Silva Jr.", "FamilyName": "Silva", "GivenName": "Ana",
              "MiddleName": "Maria", "HonorificPrefix": "Dr.", "HonorificSuffix": "Jr."},
        DisplayName="Ana Silva", NickName="Ana", ProfileUrl="https://example.com/ana",
        Emails=[{"Value": f"{user_name}@example.com", "Type": "work", "Primary": True}],
        Addresses=[{"StreetAddress": "1 Main St", "Locality": "Lisbon", "Region": "Lisboa",
                    "PostalCode": "1000-001", "Country": "PT", "Formatted": "1 Main St, Lisbon",
                    "Type": "work", "Primary": True}],
        PhoneNumbers=[{"Value": "+351 210 000 000", "Type": "work", "Primary": True}],
        UserType="Employee", Title="Engineer", PreferredLanguage="pt-PT", Locale="pt_PT",
        Timezone="Europe/Lisbon",
        Photos=[{"Value": "https://example.com/ana.png", "Type": "photo", "Display": "Ana",
                 "Primary": True}],
        Website="https://ana.example.com", Birthdate="1990-01-31",
        Roles=[{"Value": "Researcher", "Type": "work", "Primary": True}],
        Extensions={ENTERPRISE: {"costCenter": "4200", "department": "Platform"}})


class IdentityStoreCase(JunctionTestCase):
    """A fresh account per test, with helpers that check every response's shape."""

    def setUp(self):
        super().setUp()
        self.account = fresh_account()
        self.ids = self.client(SVC, access_key=self.account)
        self.sso = self.client("sso-admin", access_key=self.account)
        self.store = self.store_of(self.sso)

    def store_of(self, sso):
        return sso.list_instances()["Instances"][0]["IdentityStoreId"]

    def call(self, operation, client=None, **params):
        params.setdefault("IdentityStoreId", self.store)
        resp = getattr(client or self.ids, operation)(**params)
        self.assert_output_shape(SVC, operation, resp)
        return resp

    def create_user(self, user_name=None, client=None, **attrs):
        attrs.setdefault("DisplayName", "Test User")
        attrs.setdefault("Name", {"GivenName": "Test", "FamilyName": "User"})
        resp = self.call("create_user", client=client, UserName=user_name or unique("user"),
                         **attrs)
        self.assertRegex(resp["UserId"], ID_RE)
        return resp["UserId"]

    def describe_user(self, user_id, **params):
        return self.call("describe_user", UserId=user_id, **params)

    def update_user(self, user_id, *operations):
        return self.call("update_user", UserId=user_id, Operations=list(operations))

    def create_group(self, display_name=None, **attrs):
        resp = self.call("create_group", DisplayName=display_name or unique("group"), **attrs)
        self.assertRegex(resp["GroupId"], ID_RE)
        return resp["GroupId"]

    def add_member(self, group_id, user_id):
        resp = self.call("create_group_membership", GroupId=group_id,
                         MemberId={"UserId": user_id})
        self.assertRegex(resp["MembershipId"], ID_RE)
        return resp["MembershipId"]

    def import_state(self, tables):
        resp = http_request(self.url, "POST", "/_junction/state",
                            body=json.dumps({"tables": tables}))
        self.assertEqual(resp.status, 200, resp.body)

    def not_found(self, cm, resource_type, resource_id=None):
        """After `with self.assert_client_error("ResourceNotFoundException") as cm:`."""
        resp = cm.exception.response
        self.assertEqual(resp.get("ResourceType"), resource_type, resp)
        if resource_id is not None:
            self.assertEqual(resp.get("ResourceId"), resource_id, resp)

    def conflict(self, cm):
        self.assertEqual(cm.exception.response.get("Reason"), "UNIQUENESS_CONSTRAINT_VIOLATION")

    def assert_recent(self, when):
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((now - when).total_seconds()), 300, when)


class TestIdentityStoreUsers(IdentityStoreCase):

    def test_create_user_with_every_attribute_and_describe_it(self):
        attrs = full_user(unique("ana"))
        user_id = self.create_user(**{k: v for k, v in attrs.items() if k != "UserName"},
                                   user_name=attrs["UserName"])
        plain = self.describe_user(user_id)
        self.assertEqual(plain["IdentityStoreId"], self.store)
        self.assertEqual(plain["UserId"], user_id)
        for member, value in attrs.items():
            if member != "Extensions":
                self.assertEqual(plain[member], value, member)
        self.assertNotIn("Extensions", plain)   # only when asked for
        self.assertNotIn("ExternalIds", plain)  # none set through the API
        self.assertEqual(plain["UserStatus"], "ENABLED")
        self.assert_recent(plain["CreatedAt"])
        self.assertEqual(plain["UpdatedAt"], plain["CreatedAt"])
        self.assertEqual(plain["CreatedBy"], f"arn:aws:iam::{self.account}:root")
        with_ext = self.describe_user(user_id, Extensions=[ENTERPRISE])
        self.assertEqual(with_ext["Extensions"], attrs["Extensions"])

    def test_store_id_is_the_sso_instance_s(self):
        self.assertRegex(self.store, STORE_RE)
        instance = self.sso.list_instances()["Instances"][0]
        self.assertEqual(
            self.sso.describe_instance(InstanceArn=instance["InstanceArn"])["IdentityStoreId"],
            self.store)

    def test_user_name_is_unique_per_store_without_regard_to_case(self):
        name = unique("Bob")
        self.create_user(name)
        for other in (name, name.upper(), name.lower()):
            with self.assert_client_error("ConflictException", message_contains="UserName") as cm:
                self.create_user(other)
            self.conflict(cm)
        self.assertEqual(len(self.call("list_users")["Users"]), 1)

    def test_identity_center_requires_user_name_display_name_and_name(self):
        base = dict(UserName=unique("u"), DisplayName="D",
                    Name={"GivenName": "G", "FamilyName": "F"})
        cases = [
            ({"UserName": None}, "userName"),
            ({"DisplayName": None}, "displayname"),
            ({"Name": None}, "name"),
            ({"Name": {"GivenName": "G"}}, "familyname"),
            ({"Name": {"FamilyName": "F"}}, "givenname"),
        ]
        for change, fragment in cases:
            params = {k: v for k, v in dict(base, **change).items() if v is not None}
            with self.subTest(change=change):
                with self.assert_client_error("ValidationException", message_contains=fragment):
                    self.ids.create_user(IdentityStoreId=self.store, **params)
        self.assertEqual(self.call("list_users")["Users"], [])

    def test_reserved_names_and_extensions(self):
        for name in ("Administrator", "awsadministrators"):
            with self.assert_client_error("ValidationException", message_contains="reserved"):
                self.create_user(name)
            with self.assert_client_error("ValidationException", message_contains="reserved"):
                self.create_group(name)
        with self.assert_client_error("ValidationException", message_contains="not supported"):
            self.create_user(Extensions={"aws:identitystore:other": {"a": "b"}})
        with self.assert_client_error("ValidationException", message_contains="object"):
            self.create_user(Extensions={ENTERPRISE: "flat"})
        user_id = self.create_user()
        with self.assert_client_error("ValidationException", message_contains="not supported"):
            self.describe_user(user_id, Extensions=["aws:identitystore:other"])

    def test_model_validation_of_input(self):
        with self.assert_client_error("ValidationException", message_contains="identityStoreId"):
            self.ids.list_users(IdentityStoreId="not-a-store")
        with self.assert_client_error("ValidationException", message_contains="userId"):
            self.ids.describe_user(IdentityStoreId=self.store, UserId="nope")

    def test_unknown_user(self):
        missing = str(uuid.uuid4())
        for op, params in (("describe_user", {}), ("delete_user", {}),
                           ("update_user", {"Operations": [{"AttributePath": "title",
                                                            "AttributeValue": "x"}]})):
            with self.subTest(op=op):
                with self.assert_client_error("ResourceNotFoundException") as cm:
                    getattr(self.ids, op)(IdentityStoreId=self.store, UserId=missing, **params)
                self.not_found(cm, "USER", missing)

    def test_delete_user(self):
        user_id = self.create_user()
        self.call("delete_user", UserId=user_id)
        with self.assert_client_error("ResourceNotFoundException"):
            self.describe_user(user_id)
        with self.assert_client_error("ResourceNotFoundException"):
            self.call("delete_user", UserId=user_id)

    def test_update_user_attribute_paths(self):
        user_id = self.create_user(NickName="Nick", Title="Old", **{"Extensions": {
            ENTERPRISE: {"costCenter": "1", "manager": {"value": "m-1"}}}})
        before = self.describe_user(user_id)
        self.update_user(
            user_id,
            {"AttributePath": "name.givenName", "AttributeValue": "Renamed"},
            {"AttributePath": "displayName", "AttributeValue": "Renamed User"},
            {"AttributePath": "emails", "AttributeValue": [
                {"value": "new@example.com", "type": "work", "primary": True}]},
            {"AttributePath": "addresses", "AttributeValue": [
                {"streetAddress": "2 High St", "postalCode": "N1", "primary": False}]},
            {"AttributePath": "nickName"},                                 # no value: removed
            {"AttributePath": "TITLE", "AttributeValue": "New"},           # any case
            {"AttributePath": "website", "AttributeValue": None},          # null: removed
            {"AttributePath": "aws:identitystore:enterprise.costCenter", "AttributeValue": "2"},
            {"AttributePath": "aws:identitystore:enterprise.manager"},
        )
        after = self.describe_user(user_id, Extensions=[ENTERPRISE])
        self.assertEqual(after["Name"], {"GivenName": "Renamed", "FamilyName": "User"})
        self.assertEqual(after["DisplayName"], "Renamed User")
        self.assertEqual(after["Emails"],
                         [{"Value": "new@example.com", "Type": "work", "Primary": True}])
        self.assertEqual(after["Addresses"],
                         [{"StreetAddress": "2 High St", "PostalCode": "N1", "Primary": False}])
        self.assertNotIn("NickName", after)
        self.assertEqual(after["Title"], "New")
        self.assertEqual(after["Extensions"], {ENTERPRISE: {"costCenter": "2"}})
        self.assertEqual(after["UserName"], before["UserName"])
        self.assertEqual(after["CreatedAt"], before["CreatedAt"])
        self.assertGreaterEqual(after["UpdatedAt"], before["UpdatedAt"])
        # A new user name, looked up at once; the whole extension removed.
        self.update_user(user_id, {"AttributePath": "userName", "AttributeValue": "renamed-x"},
                         {"AttributePath": ENTERPRISE})
        self.assertEqual(self.describe_user(user_id)["UserName"], "renamed-x")
        self.assertNotIn("Extensions", self.describe_user(user_id, Extensions=[ENTERPRISE]))

    def test_update_user_refuses_what_aws_refuses(self):
        taken = unique("taken")
        self.create_user(taken)
        user_id = self.create_user()
        before = self.describe_user(user_id)
        cases = [
            ({"AttributePath": "userId", "AttributeValue": str(uuid.uuid4())}, "userId"),
            ({"AttributePath": "externalIds", "AttributeValue": []}, "externalIds"),
            ({"AttributePath": "userStatus", "AttributeValue": "DISABLED"}, "userStatus"),
            ({"AttributePath": "favouriteColour", "AttributeValue": "blue"}, "favouriteColour"),
            ({"AttributePath": "name.nickName", "AttributeValue": "x"}, "name.nickName"),
            ({"AttributePath": "emails.value", "AttributeValue": "a@b.c"}, "multi-value"),
            ({"AttributePath": "emails", "AttributeValue": [{"value": "a@b.c", "colour": 1}]},
             "colour"),
            ({"AttributePath": "emails", "AttributeValue": [{"value": "a"}, {"value": "b"}]},
             "emails"),
            ({"AttributePath": "title", "AttributeValue": ""}, "title"),
            ({"AttributePath": "title", "AttributeValue": 7}, "title"),
            ({"AttributePath": "displayName"}, "displayname"),
            ({"AttributePath": "name.familyName"}, "familyname"),
            ({"AttributePath": "userName"}, "userName"),
            ({"AttributePath": "userName", "AttributeValue": "Administrator"}, "reserved"),
            ({"AttributePath": "aws:identitystore:other.x", "AttributeValue": "y"},
             "not supported"),
        ]
        for op, fragment in cases:
            with self.subTest(op=op):
                with self.assert_client_error("ValidationException", message_contains=fragment):
                    self.ids.update_user(IdentityStoreId=self.store, UserId=user_id,
                                         Operations=[op])
        with self.assert_client_error("ConflictException") as cm:
            self.update_user(user_id, {"AttributePath": "userName",
                                       "AttributeValue": taken.upper()})
        self.conflict(cm)
        # Nothing changed, even by an operation before the refused one.
        with self.assert_client_error("ValidationException"):
            self.update_user(user_id, {"AttributePath": "title", "AttributeValue": "T"},
                             {"AttributePath": "bogus", "AttributeValue": "x"})
        after = self.describe_user(user_id)
        self.assertEqual({k: v for k, v in after.items() if k != "ResponseMetadata"},
                         {k: v for k, v in before.items() if k != "ResponseMetadata"})

    def test_list_users_pagination_and_filter(self):
        names = sorted(unique(f"p{i}") for i in range(7))
        for n in names:
            self.create_user(n)
        users, pages = self.paginate(self.ids, "list_users", "Users", 3, SVC,
                                     IdentityStoreId=self.store)
        self.assertEqual(pages, 3)
        self.assertEqual(sorted(u["UserName"] for u in users), names)
        self.assertEqual(len({u["UserId"] for u in users}), 7)
        self.assertNotIn("Extensions", users[0])
        one = self.call("list_users", Filters=[{"AttributePath": "UserName",
                                                "AttributeValue": names[2].upper()}])["Users"]
        self.assertEqual([u["UserName"] for u in one], [names[2]])
        none = self.call("list_users", Filters=[{"AttributePath": "UserName",
                                                 "AttributeValue": "nobody"}])
        self.assertEqual(none["Users"], [])
        with self.assert_client_error("ValidationException", message_contains="DisplayName"):
            self.ids.list_users(IdentityStoreId=self.store,
                                Filters=[{"AttributePath": "DisplayName", "AttributeValue": "x"}])
        with self.assert_client_error("ValidationException"):
            self.ids.list_users(IdentityStoreId=self.store, NextToken="bogus")

    def test_list_users_with_extensions(self):
        self.create_user(Extensions={ENTERPRISE: {"division": "R&D"}})
        users = self.call("list_users", Extensions=[ENTERPRISE])["Users"]
        self.assertEqual(users[0]["Extensions"], {ENTERPRISE: {"division": "R&D"}})


class TestIdentityStoreGroups(IdentityStoreCase):

    def test_group_life_cycle(self):
        group_id = self.create_group("Engineers", Description="All engineers")
        group = self.call("describe_group", GroupId=group_id)
        self.assertEqual(group["DisplayName"], "Engineers")
        self.assertEqual(group["Description"], "All engineers")
        self.assertEqual(group["IdentityStoreId"], self.store)
        self.assertNotIn("ExternalIds", group)
        self.assert_recent(group["CreatedAt"])
        self.call("update_group", GroupId=group_id, Operations=[
            {"AttributePath": "displayName", "AttributeValue": "Engineering"},
            {"AttributePath": "description"}])
        group = self.call("describe_group", GroupId=group_id)
        self.assertEqual(group["DisplayName"], "Engineering")
        self.assertNotIn("Description", group)
        self.call("delete_group", GroupId=group_id)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.call("describe_group", GroupId=group_id)
        self.not_found(cm, "GROUP", group_id)
        with self.assert_client_error("ResourceNotFoundException"):
            self.call("delete_group", GroupId=group_id)
        with self.assert_client_error("ResourceNotFoundException"):
            self.call("update_group", GroupId=group_id, Operations=[
                {"AttributePath": "description", "AttributeValue": "x"}])

    def test_display_name_is_unique_per_store_without_regard_to_case(self):
        self.create_group("Ops")
        other = self.create_group("Dev")
        with self.assert_client_error("ConflictException") as cm:
            self.create_group("OPS")
        self.conflict(cm)
        with self.assert_client_error("ConflictException"):
            self.call("update_group", GroupId=other, Operations=[
                {"AttributePath": "displayName", "AttributeValue": "ops"}])

    def test_update_group_refuses_what_aws_refuses(self):
        group_id = self.create_group()
        for op, fragment in (
                ({"AttributePath": "displayName"}, "displayName"),
                ({"AttributePath": "displayName", "AttributeValue": ""}, "displayName"),
                ({"AttributePath": "groupId", "AttributeValue": "x"}, "groupId"),
                ({"AttributePath": "description", "AttributeValue": {"a": 1}}, "description"),
                ({"AttributePath": "displayName", "AttributeValue": "Administrator"}, "reserved")):
            with self.subTest(op=op):
                with self.assert_client_error("ValidationException", message_contains=fragment):
                    self.ids.update_group(IdentityStoreId=self.store, GroupId=group_id,
                                          Operations=[op])
        with self.assert_client_error("ValidationException", message_contains="displayName"):
            self.ids.create_group(IdentityStoreId=self.store)

    def test_list_groups_pagination_and_filter(self):
        names = sorted(unique(f"g{i}") for i in range(5))
        for n in names:
            self.create_group(n)
        groups, pages = self.paginate(self.ids, "list_groups", "Groups", 2, SVC,
                                      IdentityStoreId=self.store)
        self.assertEqual(pages, 3)
        self.assertEqual(sorted(g["DisplayName"] for g in groups), names)
        one = self.call("list_groups", Filters=[{"AttributePath": "DisplayName",
                                                 "AttributeValue": names[1]}])["Groups"]
        self.assertEqual([g["DisplayName"] for g in one], [names[1]])
        with self.assert_client_error("ValidationException", message_contains="UserName"):
            self.ids.list_groups(IdentityStoreId=self.store,
                                 Filters=[{"AttributePath": "UserName", "AttributeValue": "x"}])


class TestIdentityStoreMemberships(IdentityStoreCase):

    def test_membership_life_cycle(self):
        group_id, user_id = self.create_group(), self.create_user()
        membership_id = self.add_member(group_id, user_id)
        m = self.call("describe_group_membership", MembershipId=membership_id)
        self.assertEqual((m["GroupId"], m["MemberId"]), (group_id, {"UserId": user_id}))
        self.assert_recent(m["CreatedAt"])
        got = self.call("get_group_membership_id", GroupId=group_id,
                        MemberId={"UserId": user_id})
        self.assertEqual(got["MembershipId"], membership_id)
        with self.assert_client_error("ConflictException") as cm:
            self.add_member(group_id, user_id)
        self.conflict(cm)
        self.call("delete_group_membership", MembershipId=membership_id)
        for op in ("describe_group_membership", "delete_group_membership"):
            with self.assert_client_error("ResourceNotFoundException") as cm:
                self.call(op, MembershipId=membership_id)
            self.not_found(cm, "GROUP_MEMBERSHIP", membership_id)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.call("get_group_membership_id", GroupId=group_id, MemberId={"UserId": user_id})
        self.not_found(cm, "GROUP_MEMBERSHIP")
        self.assertNotEqual(self.add_member(group_id, user_id), membership_id)

    def test_unknown_group_or_member(self):
        group_id, user_id = self.create_group(), self.create_user()
        missing = str(uuid.uuid4())
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.add_member(missing, user_id)
        self.not_found(cm, "GROUP", missing)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.add_member(group_id, missing)
        self.not_found(cm, "USER", missing)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.call("list_group_memberships", GroupId=missing)
        self.not_found(cm, "GROUP", missing)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.call("list_group_memberships_for_member", MemberId={"UserId": missing})
        self.not_found(cm, "USER", missing)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.call("get_group_membership_id", GroupId=missing, MemberId={"UserId": user_id})
        self.not_found(cm, "GROUP", missing)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.call("get_group_membership_id", GroupId=group_id, MemberId={"UserId": missing})
        self.not_found(cm, "USER", missing)

    def test_listing_both_ways_and_is_member_in_groups(self):
        groups = [self.create_group() for _ in range(3)]
        users = [self.create_user() for _ in range(5)]
        for u in users:
            self.add_member(groups[0], u)
        self.add_member(groups[1], users[0])
        members, pages = self.paginate(self.ids, "list_group_memberships", "GroupMemberships",
                                       2, SVC, IdentityStoreId=self.store, GroupId=groups[0])
        self.assertEqual(pages, 3)
        self.assertEqual(sorted(m["MemberId"]["UserId"] for m in members), sorted(users))
        self.assertTrue(all(m["GroupId"] == groups[0] for m in members))
        of_user, pages = self.paginate(self.ids, "list_group_memberships_for_member",
                                       "GroupMemberships", 1, SVC, IdentityStoreId=self.store,
                                       MemberId={"UserId": users[0]})
        self.assertEqual(pages, 2)
        self.assertEqual(sorted(m["GroupId"] for m in of_user), sorted(groups[:2]))
        self.assertEqual(self.call("list_group_memberships_for_member",
                                   MemberId={"UserId": users[1]})["GroupMemberships"][0]["GroupId"],
                         groups[0])
        missing = str(uuid.uuid4())
        results = self.call("is_member_in_groups", MemberId={"UserId": users[0]},
                            GroupIds=[groups[2], groups[0], missing, groups[1]])["Results"]
        self.assertEqual([(r["GroupId"], r["MembershipExists"]) for r in results],
                         [(groups[2], False), (groups[0], True), (missing, False),
                          (groups[1], True)])
        self.assertTrue(all(r["MemberId"] == {"UserId": users[0]} for r in results))

    def test_deleting_a_user_or_group_removes_its_memberships(self):
        group_a, group_b = self.create_group(), self.create_group()
        keep, leave = self.create_user(), self.create_user()
        for g in (group_a, group_b):
            self.add_member(g, keep)
            self.add_member(g, leave)
        gone = self.call("get_group_membership_id", GroupId=group_b,
                         MemberId={"UserId": leave})["MembershipId"]
        self.call("delete_user", UserId=leave)
        with self.assert_client_error("ResourceNotFoundException"):
            self.call("describe_group_membership", MembershipId=gone)
        self.assertEqual([m["MemberId"]["UserId"] for m in self.call(
            "list_group_memberships", GroupId=group_a)["GroupMemberships"]], [keep])
        self.call("delete_group", GroupId=group_a)
        self.assertEqual([m["GroupId"] for m in self.call(
            "list_group_memberships_for_member", MemberId={"UserId": keep})["GroupMemberships"]],
            [group_b])


class TestIdentityStoreLookups(IdentityStoreCase):

    def seed_external_ids(self, user_id, group_id):
        base = {"account": self.account, "region": "us-east-1", "identity_store_id": self.store,
                "issuer": "https://scim.example.com"}
        self.import_state({"identitystore_external_ids": [
            dict(base, resource_type="USER", external_id="emp-1", resource_id=user_id),
            dict(base, resource_type="GROUP", external_id="grp-1", resource_id=group_id)]})

    def test_get_user_id_by_every_unique_attribute(self):
        name = unique("Carol")
        user_id = self.create_user(name, Emails=[{"Value": f"{name}@Example.com",
                                                  "Primary": True}])
        self.create_user()  # another user, without an email
        for path, value in (("userName", name), ("UserName", name.upper()),
                            ("emails.value", f"{name}@example.com"),
                            ("Emails.Value", f"{name.upper()}@EXAMPLE.COM")):
            with self.subTest(path=path):
                got = self.call("get_user_id", AlternateIdentifier={
                    "UniqueAttribute": {"AttributePath": path, "AttributeValue": value}})
                self.assertEqual(got["UserId"], user_id)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.call("get_user_id", AlternateIdentifier={
                "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "nobody"}})
        self.not_found(cm, "USER")
        for path, value, fragment in (("displayName", "Test User", "displayName"),
                                      ("userName", 42, "userName"),
                                      ("userName", "", "userName")):
            with self.subTest(path=path, value=value):
                with self.assert_client_error("ValidationException", message_contains=fragment):
                    self.ids.get_user_id(IdentityStoreId=self.store, AlternateIdentifier={
                        "UniqueAttribute": {"AttributePath": path, "AttributeValue": value}})

    def test_get_group_id_by_display_name(self):
        group_id = self.create_group("Finance")
        for path, value in (("displayName", "Finance"), ("DisplayName", "finance")):
            got = self.call("get_group_id", AlternateIdentifier={
                "UniqueAttribute": {"AttributePath": path, "AttributeValue": value}})
            self.assertEqual(got["GroupId"], group_id)
        with self.assert_client_error("ResourceNotFoundException") as cm:
            self.call("get_group_id", AlternateIdentifier={
                "UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": "HR"}})
        self.not_found(cm, "GROUP")
        with self.assert_client_error("ValidationException", message_contains="description"):
            self.ids.get_group_id(IdentityStoreId=self.store, AlternateIdentifier={
                "UniqueAttribute": {"AttributePath": "description", "AttributeValue": "x"}})

    def test_look_ups_and_descriptions_by_external_id(self):
        user_id, group_id = self.create_user(), self.create_group()
        self.seed_external_ids(user_id, group_id)
        external = {"Issuer": "https://scim.example.com", "Id": "emp-1"}
        self.assertEqual(self.call("get_user_id", AlternateIdentifier={
            "ExternalId": external})["UserId"], user_id)
        self.assertEqual(self.call("get_group_id", AlternateIdentifier={"ExternalId": {
            "Issuer": "https://scim.example.com", "Id": "grp-1"}})["GroupId"], group_id)
        self.assertEqual(self.describe_user(user_id)["ExternalIds"], [external])
        self.assertEqual(self.call("describe_group", GroupId=group_id)["ExternalIds"],
                         [{"Issuer": "https://scim.example.com", "Id": "grp-1"}])
        with self.assert_client_error("ResourceNotFoundException"):
            self.call("get_user_id", AlternateIdentifier={"ExternalId": {
                "Issuer": "https://scim.example.com", "Id": "grp-1"}})  # a group's, not a user's
        self.call("delete_user", UserId=user_id)
        with self.assert_client_error("ResourceNotFoundException"):
            self.call("get_user_id", AlternateIdentifier={"ExternalId": external})

    def test_alternate_identifier_is_a_union(self):
        unchecked = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="exactly one"):
            unchecked.get_user_id(IdentityStoreId=self.store, AlternateIdentifier={
                "ExternalId": {"Issuer": "i", "Id": "x"},
                "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "x"}})


class TestIdentityStoreStores(IdentityStoreCase):

    OPERATIONS = {
        "list_users": {}, "list_groups": {}, "create_group": {"DisplayName": "g"},
        "describe_user": {"UserId": str(uuid.uuid4())},
        "create_user": {"UserName": "x", "DisplayName": "x",
                        "Name": {"GivenName": "x", "FamilyName": "x"}},
        "get_user_id": {"AlternateIdentifier": {"UniqueAttribute": {
            "AttributePath": "userName", "AttributeValue": "x"}}},
        "is_member_in_groups": {"MemberId": {"UserId": str(uuid.uuid4())},
                                "GroupIds": [str(uuid.uuid4())]},
    }

    def assert_no_store(self, client, store_id, **params):
        """AWS answers an unknown store with ResourceNotFoundException, ResourceType
        IDENTITY_STORE and the store id as ResourceId (not a ResourceId by the model's pattern,
        so the body is checked here rather than against the shape)."""
        with self.assertRaises(ClientError) as cm:
            client(IdentityStoreId=store_id, **params)
        resp = cm.exception.response
        self.assertEqual(resp["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(resp["Error"]["Message"],
                         f"IdentityStore not present for IdentityStoreId: {store_id}")
        self.assertEqual((resp["ResourceType"], resp["ResourceId"]), ("IDENTITY_STORE", store_id))

    def test_unknown_store(self):
        for op, params in self.OPERATIONS.items():
            with self.subTest(op=op):
                self.assert_no_store(getattr(self.ids, op), "d-0123456789", **params)
                self.assert_no_store(getattr(self.ids, op),
                                     "01234567-89ab-cdef-0123-456789abcdef", **params)

    def test_accounts_and_regions_are_isolated(self):
        other_account = fresh_account()
        other = self.client(SVC, access_key=other_account)
        other_store = self.store_of(self.client("sso-admin", access_key=other_account))
        west = self.client(SVC, access_key=self.account, region="eu-west-1")
        west_store = self.store_of(self.client("sso-admin", access_key=self.account,
                                               region="eu-west-1"))
        self.assertEqual(len({self.store, other_store, west_store}), 3)
        name = unique("shared")
        mine = self.create_user(name)
        # The same name is free in the other partitions, and each store sees only its own.
        theirs = self.create_user(name, client=other, IdentityStoreId=other_store)
        self.create_user(name, client=west, IdentityStoreId=west_store)
        self.assertNotEqual(mine, theirs)
        self.assertEqual(len(self.call("list_users")["Users"]), 1)
        # Another account's store, or this account's store in another region, is not there.
        self.assert_no_store(other.list_users, self.store)
        self.assert_no_store(west.list_users, self.store)
        self.assert_no_store(self.ids.describe_user, other_store, UserId=theirs)

    def test_reset_by_service(self):
        user_id = self.create_user()
        self.add_member(self.create_group(), user_id)
        instance = self.sso.list_instances()["Instances"][0]["InstanceArn"]
        self.sso.create_permission_set(InstanceArn=instance, Name="Stays")
        resp = http_request(self.url, "POST",
                            f"/_junction/reset?service=identitystore&account={self.account}")
        self.assertEqual(resp.status, 200, resp.body)
        deleted = json.loads(resp.body)["deleted"]
        self.assertEqual(deleted.get("identitystore_users"), 1, deleted)
        self.assertEqual(deleted.get("identitystore_group_memberships"), 1, deleted)
        self.assertEqual(self.call("list_users")["Users"], [])
        self.assertEqual(self.call("list_groups")["Groups"], [])
        self.assertEqual(len(self.sso.list_permission_sets(
            InstanceArn=instance)["PermissionSets"]), 1)

    def test_state_export_covers_the_tables(self):
        user_id = self.create_user(Emails=[{"Value": "e@example.com"}])
        resp = http_request(self.url, "GET", f"/_junction/state?account={self.account}")
        tables = json.loads(resp.body)["tables"]
        users = tables["identitystore_users"]
        self.assertEqual([u["user_id"] for u in users], [user_id])
        self.assertEqual(json.loads(users[0]["attributes"])["Emails"], [{"Value": "e@example.com"}])
        for t in ("identitystore_groups", "identitystore_group_memberships",
                  "identitystore_external_ids"):
            self.assertIn(t, tables)


class TestIdentityStoreSeed(IdentityStoreCase):

    def test_example_seed(self):
        with open(os.path.join(REPO_ROOT, "examples", "seed.json")) as f:
            seed = json.load(f)
        resp = http_request(self.url, "POST", "/_junction/state", body=json.dumps(seed))
        self.assertEqual(resp.status, 200, resp.body)
        ids = self.client(SVC, access_key="123456789012")
        store = "d-9067a1b2c3"
        user_id = ids.get_user_id(IdentityStoreId=store, AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "ana"}})["UserId"]
        user = ids.describe_user(IdentityStoreId=store, UserId=user_id, Extensions=[ENTERPRISE])
        self.assert_output_shape(SVC, "DescribeUser", user)
        self.assertEqual(user["Emails"][0]["Value"], "ana.silva@example.com")
        self.assertEqual(user["ExternalIds"], [{"Issuer": "https://scim.example.com",
                                                "Id": "emp-0042"}])
        groups = ids.list_group_memberships_for_member(
            IdentityStoreId=store, MemberId={"UserId": user_id})["GroupMemberships"]
        self.assertEqual(len(groups), 1)
        # The seeded assignments name the seeded user and group.
        assigned = {a["principal_id"] for a in seed["tables"]["sso_account_assignments"]}
        self.assertEqual(assigned, {user_id, groups[0]["GroupId"]})


if __name__ == "__main__":
    unittest.main(verbosity=2)
