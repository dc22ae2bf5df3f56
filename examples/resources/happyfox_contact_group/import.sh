# A contact group is imported by its numeric HappyFox id (shown in the group's URL in the HappyFox web interface).
terraform import happyfox_contact_group.enterprise 12
