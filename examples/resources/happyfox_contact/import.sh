# A contact is imported by its numeric HappyFox id (shown in the contact's URL in the HappyFox web interface)...
terraform import happyfox_contact.grace 42

# ...or by its e-mail address (matched ignoring case).
terraform import happyfox_contact.grace grace.hopper@example.com
