-- agency_profile_update: an agency's profile, its contact phone and its
-- service items in one statement (data-modifying CTEs): items no longer
-- listed are deleted, new ones added.
-- Named parameters: id, description, office, region, website, staff,
-- contact_name, public (contact_public), phone, items (a text array).
WITH
    prof AS (UPDATE agency_profiles SET description = @description, office_address = @office, region = @region,
        website = @website, staff_count = @staff, contact_name = @contact_name, contact_public = @public,
        updated_at = clock_timestamp() WHERE account_id = @id),
    acc AS (UPDATE accounts SET contact_phone = @phone, updated_at = clock_timestamp() WHERE id = @id),
    gone AS (DELETE FROM agency_items WHERE agency_id = @id AND NOT (item_code = ANY(CAST(@items AS text[]))))
INSERT INTO agency_items (agency_id, item_code) SELECT @id, unnest(CAST(@items AS text[])) ON CONFLICT DO NOTHING
