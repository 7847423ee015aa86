//! Avatars (R1, R10): PNG, JPEG or WebP up to 5 MB, decoded to prove they are images,
//! stored as a PNG of at most 256×256.

use crate::access;
use crate::service::{Rolecall, Target};
use crate::{Error, Result};
use image::{ImageFormat, ImageReader, Limits};
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::model::Organization;
use rolecall_types::permissions::Permission;
use rolecall_types::validate;
use rusqlite::{OptionalExtension, params};
use serde_json::json;
use std::io::Cursor;

pub use rolecall_types::validate::AVATAR_MAX_BYTES;
pub const AVATAR_MAX_SIDE: u32 = 256;

/// Checks and normalises an uploaded image into the stored PNG.
pub fn normalise_avatar(bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.is_empty() {
        return Err(Error::invalid(
            "avatar",
            "The file is empty. Choose a PNG, JPEG or WebP image.",
        ));
    }
    validate::avatar_size(bytes.len() as u64)?;
    let format = image::guess_format(bytes).ok();
    if !matches!(
        format,
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)
    ) {
        return Err(Error::invalid(
            "avatar",
            "Only PNG, JPEG or WebP images can be avatars.",
        ));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format.unwrap_or(ImageFormat::Png));
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| {
        Error::invalid(
            "avatar",
            format!("The file could not be read as an image ({e}). Choose another one."),
        )
    })?;
    let image = if image.width() > AVATAR_MAX_SIDE || image.height() > AVATAR_MAX_SIDE {
        image.thumbnail(AVATAR_MAX_SIDE, AVATAR_MAX_SIDE)
    } else {
        image
    };
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| Error::Storage(format!("Could not store the avatar: {e}")))?;
    Ok(png)
}

impl Rolecall {
    /// R10: sets (or, with `None`, removes) the organization's avatar (Organization·edit).
    pub fn set_org_avatar(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        upload: Option<&[u8]>,
    ) -> Result<Organization> {
        let png = upload.map(normalise_avatar).transpose()?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::OrganizationEdit)?;
            tx.db.execute(
                "UPDATE organizations SET avatar = ?1 WHERE id = ?2",
                params![png, org_id],
            )?;
            tx.audit(
                Some(acting.org()),
                if png.is_some() {
                    "organization.avatar_set"
                } else {
                    "organization.avatar_removed"
                },
                Target {
                    kind: "organization",
                    id: Some(org_id),
                    name: &acting.org_name,
                },
                json!({ "after": { "bytes": png.as_ref().map(Vec::len) } }),
            )?;
            crate::orgs::load_org(&tx.db, org_id)
        })
    }

    /// The organization's avatar as PNG bytes, if it has one (Organization·view).
    pub fn org_avatar(&self, actor: &AccountId, org_id: &OrgId) -> Result<Option<Vec<u8>>> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::OrganizationView)?;
            Ok(conn
                .query_row(
                    "SELECT avatar FROM organizations WHERE id = ?1",
                    [org_id],
                    |r| r.get::<_, Option<Vec<u8>>>(0),
                )
                .optional()?
                .flatten())
        })
    }
}
