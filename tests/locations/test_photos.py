"""Set photos: only real images are accepted; each gets a thumbnail of a fixed shape."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from microdrama.accounts.roles import OrgKind, Role
from microdrama.locations.services.sets import add_photo


def jpeg(size=(1200, 900), exif_rotate=False) -> SimpleUploadedFile:
    img = Image.new("RGB", size, (200, 120, 60))
    for x in range(0, size[0], 40):  # some texture so it is not a flat colour
        img.paste((30, 60, 90), (x, 0, x + 10, size[1]))
    buf = io.BytesIO()
    exif = Image.Exif()
    if exif_rotate:
        exif[0x0112] = 6  # "rotate 90° clockwise to display"
    img.save(buf, "JPEG", exif=exif)
    return SimpleUploadedFile("photo.jpg", buf.getvalue(), content_type="image/jpeg")


def test_a_photo_gets_a_three_by_two_thumbnail(manager, make_set):
    photo = add_photo(manager, make_set(), jpeg(), "正面")
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.size == (480, 320)
    assert (photo.width, photo.height) == (1200, 900)


def test_the_camera_orientation_is_applied(manager, make_set):
    photo = add_photo(manager, make_set(), jpeg((1200, 900), exif_rotate=True))
    assert (photo.width, photo.height) == (900, 1200)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.jpg", b"not an image at all" * 10), "不是可识别的图片"),
        (SimpleUploadedFile("x.jpg", b""), "空文件"),
        (jpeg((120, 90)), "太小"),
    ],
)
def test_bad_uploads_are_refused(manager, make_set, upload, message):
    with pytest.raises(ValidationError) as err:
        add_photo(manager, make_set(), upload)
    assert message in err.value.messages[0]


def test_only_the_bases_managers_add_photos(make_set, make_user, make_org):
    s = make_set()
    with pytest.raises(PermissionDenied):
        add_photo(make_user(Role.LOCATION_MANAGER, org=make_org(OrgKind.SHOOTING_BASE)), s, jpeg())
    with pytest.raises(PermissionDenied):
        add_photo(make_user(Role.APPLICANT), s, jpeg())
