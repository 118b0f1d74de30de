"""Geometric synchronisation: recover the tile period, position and mirroring from summed residuals.

1. Period. The pattern repeats every `period` pixels, so the autocorrelation of the summed
   residual has peaks on a lattice of that spacing, whatever was cropped, scaled or mirrored.
   `period_candidates` sums the autocorrelation over the lattice of every candidate (period_x,
   period_y) pair — a comb matched to a periodic pattern — in a coarse pass and a fine pass.
   Because that search is second-order (less sensitive than correlating with a known pattern),
   the likely periods of a crop near the nominal size are also tried directly (`_crop_search`).
2. Folding. Every pixel is added into one fine tile (4 samples per chip) at its position modulo
   the period, which turns the whole excerpt into one small, very clean picture of the tile.
3. Position and mirroring. The folded tile is cross-correlated (FFT) with the key's sync chips,
   both as is and mirrored left-right; the peak gives the cyclic offset of the tile origin.
4. Refinement. Small changes of the two periods are tried around the estimate and the one with
   the strongest sync peak wins, which corrects sub-pixel errors that would otherwise smear chips
   at the far side of the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import fft as sfft
from scipy import ndimage
from scipy.signal import windows

from .pattern import TILE, bump, chip_size

FOLD = 4
"""Fine samples per chip in the folded tile."""
FINE = TILE * FOLD
MIN_PERIOD_PX = 44.0
"""Smallest tile period searched (pixels of the analysed plane): chips of about 1.4 px."""
MAX_ASPECT_CHANGE = 1.25
"""Largest ratio between the horizontal and vertical scale factors searched."""
BAND = (0.02, 0.4)
"""Spatial frequencies (cycles per pixel) used for the period search."""
LINE_CLIP = 4.0
"""Whitened spectral power is clipped at this multiple of its local mean."""
TAPER = 0.3
"""Tukey taper of the picture before the spectrum (share of each side that is tapered)."""
LAG_REACH = 0.7
"""Longest autocorrelation lag used, as a fraction of the picture's width or height."""
COARSE_KEEP = 30
"""Coarse period pairs of the lattice search refined in its second stage."""
COMB_CANDIDATES = 5
"""Period pairs from the lattice search that are tried by sync correlation."""
CROP_REACH = 1.14
"""Largest period, relative to the nominal one, tried by the direct crop search."""
CROP_STEP = 0.003
"""Relative step of the direct crop search."""


@dataclass(frozen=True)
class Alignment:
    """Where the tile lies in the suspect picture."""

    period_x: float  # pixels per tile, horizontally
    period_y: float
    mirrored: bool
    shift_x: int  # cyclic offset of the tile origin in fine samples
    shift_y: int
    sync_score: float  # normalised sync correlation peak (≈ N(0, 1) per position without a mark)


def lattice_autocorrelation(total: np.ndarray) -> np.ndarray:
    """Autocorrelation of the summed residual from its whitened, band-limited power spectrum.

    The picture is tapered (Tukey) and zero-padded to twice its size, so lags up to most of the
    picture are usable (small or cropped pictures hold only a few periods). Whitening divides the
    power by its local average, so that a smooth spectral hill of picture content weighs no more
    than the flat floor while the mark's lattice lines stand out; a few very strong lines (another
    periodic structure) are clipped. Rows and columns of the spectrum at multiples of 1/16 cycle
    per pixel are dropped: block codecs put their 8- and 16-pixel block edges there, which would
    otherwise pose as a lattice. The result is scaled to unit robust spread away from the origin,
    so lattice sums read as z-scores. Output shape: (2h, 2w), lag (dy, dx) at [dy % 2h, dx % 2w].
    """
    h, w = total.shape
    a = total - total.mean()
    taper_y, taper_x = windows.tukey(h, TAPER), windows.tukey(w, TAPER)
    window = np.outer(taper_y, taper_x).astype(np.float32)
    H, W = sfft.next_fast_len(2 * h, real=True), sfft.next_fast_len(2 * w, real=True)
    spec = sfft.rfft2(a * window, s=(H, W), workers=1)
    power = (spec.real**2 + spec.imag**2).astype(np.float32)
    white = power / (ndimage.uniform_filter(power, 31, mode="wrap") + 1e-9)
    # The mark's lattice lines are individually weak; what stands far above the floor is another
    # periodic structure (the block grid of an earlier, rescaled encode; woven fabric). Clipping
    # keeps those few strong lines from dominating the lattice sums.
    np.minimum(white, LINE_CLIP, out=white)
    # Zero mean before masking: dropped bins must read as "no evidence", not as a notch whose own
    # autocorrelation would dig holes at multiples of 16 px (exactly where tile periods can fall).
    white -= float(np.mean(white))
    fy = np.fft.fftfreq(H)[:, None]
    fx = np.fft.rfftfreq(W)[None, :]
    radius = np.sqrt(fx * fx + fy * fy)
    white[(radius < BAND[0]) | (radius > BAND[1])] = 0.0
    white[:2, :] = 0.0
    white[-1:, :] = 0.0
    white[:, :2] = 0.0
    for m in range(1, 9):
        col = round(m * W / 16)
        if col < white.shape[1]:
            white[:, max(0, col - 2) : col + 3] = 0.0
        for row in (round(m * H / 16), round(H - m * H / 16)):
            if 0 < row < H:
                white[max(0, row - 2) : row + 3, :] = 0.0
    ac = sfft.irfft2(white, s=(H, W), workers=1)
    # Long lags overlap less of the tapered picture, so their values shrink; dividing by the square
    # root of the overlap gives every lag the same noise level. What is left of the content's own
    # correlation varies slowly with the lag and is removed by a local mean; lattice peaks are a
    # chip or two wide and stay.
    ov_y = _overlap(taper_y, H)
    ov_x = _overlap(taper_x, W)
    overlap = np.outer(ov_y, ov_x)
    ac = ac / np.sqrt(np.maximum(overlap, 0.02))
    ac -= ndimage.uniform_filter(ac, 25, mode="wrap")
    ac[overlap < 0.05] = 0.0
    ys = np.r_[int(MIN_PERIOD_PX) : int(LAG_REACH * h)]
    xs = np.r_[int(MIN_PERIOD_PX) : int(LAG_REACH * w)]
    ring = ac[np.ix_(ys, xs)]
    ring = ring[ring != 0.0]
    if ring.size == 0:
        return ac
    spread = float(np.median(np.abs(ring - np.median(ring)))) * 1.4826 + 1e-12
    return ac / spread


def _overlap(window: np.ndarray, size: int) -> np.ndarray:
    """Autocorrelation of a taper at every circular lag of a `size`-long padded axis, 1 at lag 0."""
    spec = np.fft.rfft(window, n=size)
    ac = np.fft.irfft(np.abs(spec) ** 2, n=size)
    return ac / ac[0]


def _lattice_offsets(reach: int) -> tuple[np.ndarray, np.ndarray]:
    """Lattice points (m, n) of one half-plane, origin excluded, |m|, |n| ≤ reach."""
    pts = [(m, n) for m in range(reach + 1) for n in range(-reach, reach + 1) if m > 0 or n > 0]
    arr = np.array(pts, dtype=np.float64)
    return arr[:, 0], arr[:, 1]


def lattice_scores(ac: np.ndarray, periods_x: np.ndarray, periods_y: np.ndarray, reach: int) -> np.ndarray:
    """z-score of every (period_x, period_y) pair: the autocorrelation summed over its lattice.

    By Poisson summation, summing the autocorrelation over the lattice of lags (m·px, n·py) is the
    same as summing the power spectrum over the lattice of frequencies the tile occupies, i.e. a
    comb filter matched to a periodic pattern, which is far more sensitive than any single peak.
    """
    h, w = ac.shape  # padded: lags up to LAG_REACH of the picture are valid
    ms, ns = _lattice_offsets(reach)
    x = ms[None, None, :] * periods_x[:, None, None]
    y = ns[None, None, :] * periods_y[None, :, None]
    x, y = np.broadcast_arrays(x, y)
    valid = (
        (x < LAG_REACH * w / 2 - 1)
        & (np.abs(y) < LAG_REACH * h / 2 - 1)
        & (x * x + y * y > MIN_PERIOD_PX**2 * 0.8)
    )
    x0 = np.floor(x).astype(np.int64)
    y0 = np.floor(y).astype(np.int64)
    fx = x - x0
    fy = y - y0
    x0 %= w
    y0 %= h
    x1 = (x0 + 1) % w
    y1 = (y0 + 1) % h
    v = (ac[y0, x0] * (1 - fx) + ac[y0, x1] * fx) * (1 - fy) + (ac[y1, x0] * (1 - fx) + ac[y1, x1] * fx) * fy
    count = valid.sum(axis=-1)
    z = np.where(valid, v, 0.0).sum(axis=-1) / np.sqrt(np.maximum(count, 1))
    z[count < 2] = -np.inf
    return z


def period_candidates(total: np.ndarray, count: int = 3) -> list[tuple[float, float]]:
    """Candidate (period_x, period_y) pairs, most likely first.

    A coarse search (0.5 % steps, lattice reach 2) keeps the best few dozen pairs, each of which is
    refined on a 0.1 % grid with the full lattice (reach 8), whose peaks are much sharper.
    """
    h, w = total.shape
    ac = lattice_autocorrelation(total)
    top_x, top_y = w / 2.2, h / 2.2
    if min(top_x, top_y) <= MIN_PERIOD_PX:
        return []
    px = MIN_PERIOD_PX * np.exp(np.arange(0.0, np.log(top_x / MIN_PERIOD_PX), 0.005))
    py = MIN_PERIOD_PX * np.exp(np.arange(0.0, np.log(top_y / MIN_PERIOD_PX), 0.005))
    z = lattice_scores(ac, px, py, 2)
    ratio = px[:, None] / py[None, :]
    z[(ratio < 1 / MAX_ASPECT_CHANGE) | (ratio > MAX_ASPECT_CHANGE)] = -np.inf
    coarse: list[tuple[float, float]] = []
    for _ in range(COARSE_KEEP):
        i, j = np.unravel_index(int(np.argmax(z)), z.shape)
        if not np.isfinite(z[i, j]):
            break
        coarse.append((float(px[i]), float(py[j])))
        z[max(0, i - 3) : i + 4, max(0, j - 3) : j + 4] = -np.inf
    fine: list[tuple[float, float, float]] = []
    steps = np.exp(np.linspace(-0.006, 0.006, 13))
    for cx, cy in coarse:
        zz = lattice_scores(ac, cx * steps, cy * steps, 8)
        i, j = np.unravel_index(int(np.argmax(zz)), zz.shape)
        fine.append((float(cx * steps[i]), float(cy * steps[j]), float(zz[i, j])))
    fine.sort(key=lambda t: -t[2])
    out: list[tuple[float, float]] = []
    for fx_, fy_, _ in fine:
        if any(abs(fx_ / a - 1) < 0.01 and abs(fy_ / b - 1) < 0.01 for a, b in out):
            continue
        out.append((fx_, fy_))
        if len(out) >= count:
            break
    return out


def fold(total: np.ndarray, period_x: float, period_y: float) -> np.ndarray:
    """Sum the picture into one FINE × FINE tile at the given periods (nearest fine sample)."""
    h, w = total.shape
    fx = (np.floor((np.arange(w) + 0.5) * (FINE / period_x)).astype(np.int64)) % FINE
    fy = (np.floor((np.arange(h) + 0.5) * (FINE / period_y)).astype(np.int64)) % FINE
    index = (fy[:, None] * FINE + fx[None, :]).ravel()
    sums = np.bincount(index, weights=total.ravel(), minlength=FINE * FINE)
    counts = np.bincount(index, minlength=FINE * FINE)
    tile = sums / np.maximum(counts, 1)
    return (tile - tile.mean()).reshape(FINE, FINE)


def chip_kernel() -> np.ndarray:
    b = bump(FOLD)
    return np.outer(b, b)


def fine_reference(chips: np.ndarray) -> np.ndarray:
    """A chip tile drawn at the fold resolution with the chip bump (for correlation)."""
    return np.kron(chips, chip_kernel())


def mirrored(tile: np.ndarray) -> np.ndarray:
    """The folded tile of a left-right mirrored picture, turned back (up to a cyclic shift)."""
    return tile[:, ::-1]


def locate(tile: np.ndarray, sync_fine: np.ndarray) -> tuple[bool, int, int, float]:
    """Best (mirrored, shift_x, shift_y, z) of the sync pattern in a folded tile."""
    ref = sfft.rfft2(sync_fine)
    best = (False, 0, 0, -np.inf)
    for flip in (False, True):
        t = mirrored(tile) if flip else tile
        corr = sfft.irfft2(sfft.rfft2(t) * np.conj(ref), s=t.shape)
        std = corr.std() + 1e-12
        i = int(np.argmax(corr))
        z = float(corr.flat[i] / std)
        if z > best[3]:
            best = (flip, i % FINE, i // FINE, z)
    return best


def aligned(tile: np.ndarray, mirrored_: bool, shift_x: int, shift_y: int) -> np.ndarray:
    """The folded tile turned back and shifted so that chip (0, 0) starts at sample (0, 0)."""
    t = mirrored(tile) if mirrored_ else tile
    return np.roll(t, (-shift_y, -shift_x), axis=(0, 1))


def chip_values(tile_aligned: np.ndarray) -> np.ndarray:
    """Matched-filter reading of every chip (TILE × TILE) from an aligned folded tile."""
    k = chip_kernel()
    blocks = tile_aligned.reshape(TILE, FOLD, TILE, FOLD)
    return np.einsum("iajb,ab->ij", blocks, k)


def nominal_period(width: int, height: int) -> float:
    """The tile period of a copy that was only rescaled as a whole (no crop, no border)."""
    return chip_size(width, height) * TILE


def synchronise(
    total: np.ndarray, sync_chips: np.ndarray, keep: int = 2, nominal: float | None = None
) -> list[Alignment]:
    """The `keep` best alignments of the tile in a summed residual, strongest sync first.

    Period candidates come from the lattice search (any scale and aspect) and from a direct search
    between the nominal period for this picture size (a copy rescaled as a whole, the common case)
    and the larger periods a crop of up to about 12 % gives; each is located by sync correlation,
    and the best ones are refined. `nominal` (in pixels of `total`) skips the direct search when
    None — for a region cut out of a frame, which has no nominal size.
    """
    sync_fine = fine_reference(sync_chips)
    found = [_best_at(total, px, py, sync_fine) for px, py in period_candidates(total, COMB_CANDIDATES)]
    if nominal is not None:
        found += _crop_search(total, nominal, sync_fine)
    found.sort(key=lambda a: -a.sync_score)
    out: list[Alignment] = []
    for cand in found:
        if any(
            abs(cand.period_x / a.period_x - 1) < 0.01 and abs(cand.period_y / a.period_y - 1) < 0.01
            for a in out
        ):
            continue
        out.append(_refine(total, cand, sync_fine))
        if len(out) >= keep:
            break
    return out


def _crop_search(total: np.ndarray, nominal: float, sync_fine: np.ndarray) -> list[Alignment]:
    """Coherent search of square periods from the nominal one up to CROP_REACH times it.

    A crop that keeps the picture's scale shortens the short side and so the nominal period, by up
    to the share cropped; a crop rescaled back to full size enlarges the tile by the same factor.
    The sync correlation is far more sensitive than the lattice search, so these likely periods are
    tried directly, in steps small enough to stay inside the correlation peak.
    """
    out = []
    for factor in np.exp(np.arange(np.log(0.985), np.log(CROP_REACH), CROP_STEP)):
        out.append(_best_at(total, nominal * factor, nominal * factor, sync_fine))
    out.sort(key=lambda a: -a.sync_score)
    return out[:3]


def _refine(total: np.ndarray, best: Alignment, sync_fine: np.ndarray) -> Alignment:
    """Try small changes of both periods on a shrinking grid; keep what raises the sync peak."""
    step = 0.004
    for _ in range(3):
        centre = best
        for dx in (-step, 0.0, step):
            for dy in (-step, 0.0, step):
                if dx == 0.0 and dy == 0.0:
                    continue
                cand = _best_at(total, centre.period_x * (1 + dx), centre.period_y * (1 + dy), sync_fine)
                if cand.sync_score > best.sync_score:
                    best = cand
        step /= 2
    return best


def _best_at(total: np.ndarray, px: float, py: float, sync_fine: np.ndarray) -> Alignment:
    tile = fold(total, px, py)
    flip, sx, sy, z = locate(tile, sync_fine)
    return Alignment(px, py, flip, sx, sy, z)
