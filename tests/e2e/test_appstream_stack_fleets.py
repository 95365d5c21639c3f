"""AppStream stacks and fleets through boto3: UpdateStack, AssociateFleet, DisassociateFleet,
ListAssociatedFleets, ListAssociatedStacks, and DeleteStack of a stack with a fleet."""

import unittest

from appstream_case import AppStreamCase, RHEL8


class TestStackFleetAssociations(AppStreamCase):
    def test_associate_and_list(self):
        self.create_fleet("f")
        for s in ("a", "b", "c"):
            self.create_stack(s)
            self.ok("associate_fleet", FleetName="f", StackName=s)
        self.ok("associate_fleet", FleetName="f", StackName="a")  # associated already
        self.assertEqual(self.ok("list_associated_fleets", StackName="a")["Names"], ["f"])
        self.assertEqual(self.ok("list_associated_stacks", FleetName="f")["Names"],
                         ["a", "b", "c"])
        pages = list(self.c.get_paginator("list_associated_stacks").paginate(FleetName="f"))
        self.assertEqual(pages[0]["Names"], ["a", "b", "c"])
        # Nothing is associated with what does not exist.
        self.assertEqual(self.ok("list_associated_fleets", StackName="nope")["Names"], [])
        self.assertEqual(self.ok("list_associated_stacks", FleetName="nope")["Names"], [])

    def test_many_stacks_in_pages(self):
        self.create_fleet("f")
        names = [f"s{i:02d}" for i in range(27)]
        for s in names:
            self.create_stack(s)
            self.ok("associate_fleet", FleetName="f", StackName=s)
        first = self.ok("list_associated_stacks", FleetName="f")
        self.assertEqual(len(first["Names"]), 25)
        second = self.ok("list_associated_stacks", FleetName="f", NextToken=first["NextToken"])
        self.assertEqual(first["Names"] + second["Names"], names)

    def test_a_stack_has_one_fleet(self):
        self.create_fleet("f1")
        self.create_fleet("f2")
        self.create_stack("s")
        self.ok("associate_fleet", FleetName="f1", StackName="s")
        with self.assert_client_error("LimitExceededException", message_contains="f1"):
            self.c.associate_fleet(FleetName="f2", StackName="s")

    def test_unknown_fleet_or_stack(self):
        self.create_fleet("f")
        self.create_stack("s")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.associate_fleet(FleetName="nope", StackName="s")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.associate_fleet(FleetName="f", StackName="nope")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.disassociate_fleet(FleetName="nope", StackName="s")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.disassociate_fleet(FleetName="f", StackName="nope")

    def test_disassociate(self):
        self.create_fleet("f")
        self.create_stack("s")
        with self.assert_client_error("ResourceNotFoundException", message_contains="not associated"):
            self.c.disassociate_fleet(FleetName="f", StackName="s")
        self.ok("associate_fleet", FleetName="f", StackName="s")
        self.ok("disassociate_fleet", FleetName="f", StackName="s")
        self.assertEqual(self.ok("list_associated_fleets", StackName="s")["Names"], [])

    def test_windows_features_need_a_windows_fleet(self):
        self.create_fleet("linux", ImageName=RHEL8)
        self.create_stack("drive", StorageConnectors=[{"ConnectorType": "GOOGLE_DRIVE",
                                                       "Domains": ["example.com"]}])
        with self.assert_client_error("IncompatibleImageException"):
            self.c.associate_fleet(FleetName="linux", StackName="drive")
        self.create_stack("plain")
        self.ok("associate_fleet", FleetName="linux", StackName="plain")
        with self.assert_client_error("IncompatibleImageException"):
            self.c.update_stack(Name="plain", ApplicationSettings={"Enabled": True})

    def test_delete_stack_with_a_fleet(self):
        self.create_fleet("f")
        self.create_stack("s")
        self.ok("associate_fleet", FleetName="f", StackName="s")
        with self.assert_client_error("ResourceInUseException", message_contains="f"):
            self.c.delete_stack(Name="s")
        self.ok("disassociate_fleet", FleetName="f", StackName="s")
        self.ok("delete_stack", Name="s")


class TestUpdateStack(AppStreamCase):
    def test_only_the_members_given(self):
        self.create_stack(
            "s", DisplayName="Desk", Description="Before", RedirectURL="https://example.com/bye",
            FeedbackURL="https://example.com/feedback",
            StorageConnectors=[{"ConnectorType": "HOMEFOLDERS"},
                               {"ConnectorType": "ONE_DRIVE", "Domains": ["example.com"]}],
            UserSettings=[{"Action": "CLIPBOARD_COPY_FROM_LOCAL_DEVICE", "Permission": "ENABLED"},
                          {"Action": "FILE_UPLOAD", "Permission": "ENABLED"}],
            EmbedHostDomains=["portal.example.com"],
            StreamingExperienceSettings={"PreferredProtocol": "TCP"})
        stack = self.ok("update_stack", Name="s", Description="After",
                        StorageConnectors=[{"ConnectorType": "ONE_DRIVE",
                                            "Domains": ["example.org"]}],
                        UserSettings=[{"Action": "FILE_UPLOAD", "Permission": "DISABLED"}],
                        StreamingExperienceSettings={"PreferredProtocol": "UDP"})["Stack"]
        self.assertEqual(stack["Description"], "After")
        self.assertEqual(stack["DisplayName"], "Desk")
        self.assertEqual(stack["RedirectURL"], "https://example.com/bye")
        # Storage connectors by type, user settings by action: the others stay.
        self.assertEqual(stack["StorageConnectors"],
                         [{"ConnectorType": "HOMEFOLDERS"},
                          {"ConnectorType": "ONE_DRIVE", "Domains": ["example.org"]}])
        self.assertEqual(stack["UserSettings"],
                         [{"Action": "CLIPBOARD_COPY_FROM_LOCAL_DEVICE", "Permission": "ENABLED"},
                          {"Action": "FILE_UPLOAD", "Permission": "DISABLED"}])
        self.assertEqual(stack["StreamingExperienceSettings"], {"PreferredProtocol": "UDP"})
        self.assertEqual(stack["EmbedHostDomains"], ["portal.example.com"])
        self.assertEqual(self.ok("describe_stacks", Names=["s"])["Stacks"], [stack])

    def test_attributes_to_delete(self):
        self.create_stack(
            "s", RedirectURL="https://example.com/bye", FeedbackURL="https://example.com/f",
            StorageConnectors=[{"ConnectorType": "HOMEFOLDERS"},
                               {"ConnectorType": "GOOGLE_DRIVE", "Domains": ["example.com"]}],
            UserSettings=[{"Action": "FILE_UPLOAD", "Permission": "DISABLED"}],
            EmbedHostDomains=["portal.example.com"],
            AccessEndpoints=[{"EndpointType": "STREAMING", "VpceId": "vpce-0123"}])
        stack = self.ok("update_stack", Name="s", AttributesToDelete=[
            "STORAGE_CONNECTOR_GOOGLE_DRIVE", "REDIRECT_URL", "USER_SETTINGS",
            "EMBED_HOST_DOMAINS", "ACCESS_ENDPOINTS", "THEME_NAME"])["Stack"]
        self.assertEqual(stack["StorageConnectors"], [{"ConnectorType": "HOMEFOLDERS"}])
        for gone in ("RedirectURL", "UserSettings", "EmbedHostDomains", "AccessEndpoints"):
            self.assertNotIn(gone, stack)
        self.assertEqual(stack["FeedbackURL"], "https://example.com/f")
        stack = self.ok("update_stack", Name="s", DeleteStorageConnectors=True)["Stack"]
        self.assertNotIn("StorageConnectors", stack)
        # What is deleted goes first, then the members given are set.
        stack = self.ok("update_stack", Name="s", AttributesToDelete=["FEEDBACK_URL"],
                        FeedbackURL="https://example.com/new")["Stack"]
        self.assertEqual(stack["FeedbackURL"], "https://example.com/new")

    def test_application_settings_and_agent_access(self):
        self.create_stack("s")
        stack = self.ok("update_stack", Name="s",
                        ApplicationSettings={"Enabled": True, "SettingsGroup": "g"})["Stack"]
        self.assertTrue(stack["ApplicationSettings"]["S3BucketName"].startswith(
            f"appstream-app-settings-us-east-1-{self.account}-"))
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.update_stack(Name="s", AgentAccessConfig={"ScreenImageFormat": "PNG"})
        stack = self.ok("update_stack", Name="s", AgentAccessConfig={
            "Settings": [{"AgentAction": "COMPUTER_VISION", "Permission": "ENABLED"}],
            "ScreenResolution": "W_1280xH_720", "ScreenImageFormat": "PNG"})["Stack"]
        stack = self.ok("update_stack", Name="s",
                        AgentAccessConfig={"ScreenImageFormat": "JPEG"})["Stack"]
        self.assertEqual(stack["AgentAccessConfig"]["ScreenImageFormat"], "JPEG")
        self.assertEqual(stack["AgentAccessConfig"]["ScreenResolution"], "W_1280xH_720")
        stack = self.ok("update_stack", Name="s", AttributesToDelete=["AGENT_ACCESS_CONFIG"])["Stack"]
        self.assertNotIn("AgentAccessConfig", stack)

    def test_unknown_stack(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.update_stack(Name="nope", Description="x")


if __name__ == "__main__":
    unittest.main()
