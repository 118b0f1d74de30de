"""GPU smoke check of the AI lab's optional diffusers backends (no real weights needed).

Real image / video models are multi-GB hub downloads that neither CI nor the lent GPU host can
fetch, so this builds *tiny random* pipelines from configs — Stable Diffusion for keyframes, Wan 2.x
image-to-video for clips — saves them to local folders, and drives them through
`DiffusersImage` / `DiffusersVideo` exactly as a real model folder would be: local_files_only
loading, the job interface (submit / poll), the frame-count quantizer, our PyAV writer, and
conforming the model's clip to the 204-frame 540×960 spec. The pictures are noise; what is checked
is that the code path runs on a GPU and produces files of the right shape.

    python bench/creation_gpu.py        → bench/results/creation_gpu.{md,json}
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

import torch

from microdrama.creation.image.base import KeyframeRequest, keyframe_size
from microdrama.creation.image.diffusers_image import DiffusersImage
from microdrama.creation.models import Premise
from microdrama.creation.stages.plan import plan_series
from microdrama.creation.stages.storyboard import storyboard
from microdrama.creation.stages.write import write_scripts
from microdrama.creation.video import ClipRequest, run_clip
from microdrama.creation.video.conform import conformed_frames
from microdrama.creation.video.diffusers_video import DiffusersVideo
from microdrama.media.probe import probe

RESULTS = Path(__file__).parent / "results"


def _tokenizer(max_length: int):
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {"[PAD]": 0, "[UNK]": 1, "[EOS]": 2, **{chr(0x4E00 + i): 3 + i for i in range(500)}}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Split("", "isolated")
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        eos_token="[EOS]",
        model_max_length=max_length,
    )


def tiny_stable_diffusion(folder: Path) -> Path:
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
    )
    vae = AutoencoderKL(
        block_out_channels=[32, 64],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 2,
        up_block_types=["UpDecoderBlock2D"] * 2,
        latent_channels=4,
    )
    text = CLIPTextModel(
        CLIPTextConfig(
            bos_token_id=0,
            eos_token_id=2,
            hidden_size=32,
            intermediate_size=37,
            layer_norm_eps=1e-5,
            num_attention_heads=4,
            num_hidden_layers=2,
            pad_token_id=0,
            vocab_size=1000,
        )
    )
    pipe = StableDiffusionPipeline(
        vae=vae,
        text_encoder=text,
        tokenizer=_tokenizer(77),
        unet=unet,
        scheduler=DDIMScheduler(),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(folder)
    return folder


def tiny_wan_i2v(folder: Path) -> Path:
    from diffusers import (
        AutoencoderKLWan,
        FlowMatchEulerDiscreteScheduler,
        WanImageToVideoPipeline,
        WanTransformer3DModel,
    )
    from transformers import (
        CLIPImageProcessor,
        CLIPVisionConfig,
        CLIPVisionModelWithProjection,
        T5Config,
        T5EncoderModel,
    )

    torch.manual_seed(0)
    vae = AutoencoderKLWan(
        base_dim=3, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1, temperal_downsample=[False, True, True]
    )
    text = T5EncoderModel(
        T5Config(
            vocab_size=1000,
            d_model=32,
            d_kv=8,
            d_ff=37,
            num_layers=2,
            num_heads=4,
            relative_attention_num_buckets=8,
            pad_token_id=0,
            eos_token_id=2,
        )
    )
    transformer = WanTransformer3DModel(
        patch_size=(1, 2, 2),
        num_attention_heads=2,
        attention_head_dim=12,
        in_channels=36,
        out_channels=16,
        text_dim=32,
        freq_dim=256,
        ffn_dim=32,
        num_layers=2,
        cross_attn_norm=True,
        qk_norm="rms_norm_across_heads",
        rope_max_seq_len=1024,
        image_dim=4,
    )
    encoder = CLIPVisionModelWithProjection(
        CLIPVisionConfig(
            hidden_size=4,
            projection_dim=4,
            num_hidden_layers=2,
            num_attention_heads=2,
            image_size=32,
            intermediate_size=16,
            patch_size=1,
        )
    )
    pipe = WanImageToVideoPipeline(
        tokenizer=_tokenizer(512),
        text_encoder=text,
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(shift=7.0),
        image_processor=CLIPImageProcessor(crop_size=32, size=32),
        image_encoder=encoder,
        transformer=transformer,
    )
    pipe.save_pretrained(folder)
    return folder


def main() -> int:
    import diffusers

    report: dict = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "diffusers": diffusers.__version__,
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
    }
    device = "cuda" if torch.cuda.is_available() else "cpu"
    bible = plan_series(Premise(premise="插画师在街头拉住陌生人假扮男友", genre="甜宠", episodes=1))
    board = storyboard(bible, write_scripts(bible))
    shot = board.shots()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # -- keyframe through DiffusersImage
        try:
            started = time.perf_counter()
            backend = DiffusersImage(
                tiny_stable_diffusion(work / "sd"),
                device=device,
                steps=3,
                dtype="float32",
                generate_size=(128, 192),
            )
            request = KeyframeRequest(
                shot=shot,
                spec=board.spec,
                prompt=shot.keyframe_prompt,
                negative_prompt=shot.negative_prompt,
                seed=1,
            )
            out = backend.keyframe(request, work / "keyframe.png")
            from PIL import Image

            with Image.open(out) as picture:
                size = picture.size
            report["image"] = {
                "ok": size == keyframe_size(board.spec),
                "size": list(size),
                "expected": list(keyframe_size(board.spec)),
                "identity": backend.identity,
                "seconds": round(time.perf_counter() - started, 2),
            }
        except Exception:
            report["image"] = {"ok": False, "error": traceback.format_exc()[-2000:]}
            (work / "keyframe.png").write_bytes(b"")
        # -- clip through DiffusersVideo (Wan image-to-video), as a submit / poll job
        try:
            started = time.perf_counter()
            keyframe = work / "keyframe.png"
            if not keyframe.stat().st_size:
                from PIL import Image

                Image.new("RGB", keyframe_size(board.spec), (90, 60, 30)).save(keyframe)
            video = DiffusersVideo(
                tiny_wan_i2v(work / "wan"), family="wan", device=device, steps=2, dtype="float32"
            )
            seen: list[float] = []
            job = run_clip(
                video,
                ClipRequest(
                    shot.id,
                    keyframe,
                    shot.camera_move,
                    shot.video_prompt,
                    shot.negative_prompt,
                    board.spec,
                    work / "clip.mp4",
                    seed=1,
                ),
                poll_interval=0.5,
                on_progress=seen.append,
            )
            info = probe(job.output)
            conformed = sum(1 for _ in conformed_frames(job.output, board.spec))
            report["video"] = {
                "ok": conformed == board.spec.frames and info.frame_count == job.frames,
                "model_frames": job.frames,
                "model_fps": job.fps,
                "size": [info.width, info.height],
                "conformed_frames": conformed,
                "progress_reports": len(seen),
                "identity": video.identity,
                "seconds": round(time.perf_counter() - started, 2),
            }
        except Exception:
            report["video"] = {"ok": False, "error": traceback.format_exc()[-3000:]}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "creation_gpu.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    lines = [
        "# Creation engine: optional diffusers backends on a GPU (tiny random weights)",
        "",
        f"{report['gpu']} · torch {report['torch']} · diffusers {report['diffusers']} · Python {report['python']}",
        "",
        "| backend | ok | detail | seconds |",
        "|---|---|---|---|",
    ]
    for name in ("image", "video"):
        r = report[name]
        detail = (
            r.get("error", "").splitlines()[-1]
            if "error" in r
            else json.dumps({k: v for k, v in r.items() if k not in ("ok", "seconds")}, ensure_ascii=False)
        )
        lines.append(f"| {name} | {r['ok']} | {detail} | {r.get('seconds', '')} |")
    (RESULTS / "creation_gpu.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if report["image"]["ok"] and report["video"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
