//! The end-to-end harness: launches Rolecall through `tauri-driver` (which drives
//! Debian's `WebKitWebDriver`) on a fresh data folder and offers helpers to wait for,
//! click, type into and read elements, and to save screenshots.
//!
//! Every process it starts runs in its own process group and the whole group is
//! stopped when the [`App`] is dropped, also when a test fails or panics: an orphaned
//! WebKitWebDriver would otherwise hang the next run. All waits are bounded.
//!
//! The app runs with two test seams: exports land in `<data dir>/exports` instead of a
//! save dialog (`ROLECALL_EXPORT_DIR`), and "Choose file" of an import takes the path
//! written by [`App::pick_for_import`] instead of an open dialog (`ROLECALL_IMPORT_PICK`).
//!
//! Environment (set by `cargo xtask test`): `ROLECALL_BIN` (the app binary),
//! `ROLECALL_TAURI_DRIVER`, `ROLECALL_WEBKIT_DRIVER`, `ROLECALL_SCREENSHOTS`.

use anyhow::{Context, Result, anyhow, bail, ensure};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);
/// The upper bound for a whole test.
pub const TEST_LIMIT: Duration = Duration::from_secs(240);

/// A running Rolecall window with its own data folder.
pub struct App {
    pub client: Client,
    data_dir: tempfile::TempDir,
    // Declared last: dropped after the client, it stops every process the test started.
    _driver: DriverProcess,
}

/// A time measured in the page ([`App::measure`]), in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    /// Until the page's DOM held the state.
    pub dom: f64,
    /// Until an animation frame saw it (the frame that paints it comes after).
    pub frame: f64,
}

/// tauri-driver (and, in its process group, WebKitWebDriver and the app).
struct DriverProcess {
    child: Child,
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left in the group (WebKitWebDriver, the app) goes too.
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// The app binary under test (`ROLECALL_BIN`, set by `cargo xtask test`).
fn app_binary() -> Result<PathBuf> {
    std::env::var_os("ROLECALL_BIN")
        .map(PathBuf::from)
        .ok_or_else(|| {
            anyhow!("ROLECALL_BIN is not set: run the end-to-end tests with `cargo xtask test`")
        })
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("find a free port")?;
    Ok(listener.local_addr()?.port())
}

/// The folder screenshots are written to.
pub fn screenshot_dir() -> PathBuf {
    env_path(
        "ROLECALL_SCREENSHOTS",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../target/e2e-screenshots"
        ),
    )
}

impl App {
    /// Launches Rolecall on a new, empty data folder and waits for its first screen.
    pub async fn launch() -> Result<App> {
        let data_dir = tempfile::tempdir().context("create a data folder")?;
        App::launch_in(data_dir).await
    }

    /// Launches Rolecall on a new, empty data folder with extra environment variables
    /// (for example `DBUS_SESSION_BUS_ADDRESS`), which reach tauri-driver,
    /// WebKitWebDriver and the app.
    pub async fn launch_with_env(env: &[(&str, &str)]) -> Result<App> {
        let data_dir = tempfile::tempdir().context("create a data folder")?;
        App::launch_in_env(data_dir, env).await
    }

    /// Launches Rolecall on a data folder the test has prepared.
    pub async fn launch_in(data_dir: tempfile::TempDir) -> Result<App> {
        App::launch_in_env(data_dir, &[]).await
    }

    async fn launch_in_env(data_dir: tempfile::TempDir, env: &[(&str, &str)]) -> Result<App> {
        let binary = app_binary()?;
        let args = vec![
            "--data-dir".to_string(),
            data_dir.path().display().to_string(),
        ];
        App::start(&binary, args, data_dir, env).await
    }

    /// Launches an installed Rolecall as a user starts it: no arguments, so it works on
    /// the user's own data folder (the tests run with a private `XDG_DATA_HOME`).
    pub async fn launch_installed(binary: &Path) -> Result<App> {
        let exports = tempfile::tempdir().context("create an export folder")?;
        App::start(binary, Vec::new(), exports, &[]).await
    }

    /// Closes the window and starts Rolecall again on the same data folder.
    pub async fn relaunch(self) -> Result<App> {
        let App {
            client,
            data_dir,
            _driver,
        } = self;
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        drop(_driver);
        App::launch_in(data_dir).await
    }

    /// Starts `binary` with `args` through WebDriver; `data_dir` is the folder this
    /// window keeps (its `exports/` receives exports); `env` goes to the driver and app.
    async fn start(
        binary: &Path,
        args: Vec<String>,
        data_dir: tempfile::TempDir,
        env: &[(&str, &str)],
    ) -> Result<App> {
        if !binary.exists() {
            bail!(
                "the app binary {} does not exist: run `cargo xtask test`",
                binary.display()
            );
        }
        // Exports skip the save dialog and land here (the app's ROLECALL_EXPORT_DIR seam).
        let exports = data_dir.path().join("exports");
        std::fs::create_dir_all(&exports).context("create the export folder")?;
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": {
                "application": binary,
                "args": args,
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities must be an object");
        };
        // On a busy machine the driver sometimes accepts the connection before it can
        // serve it; a fresh driver on new ports gets a second and third chance.
        let mut attempt = 1;
        let (client, driver) = loop {
            let driver = start_driver(&exports, &pick_file(data_dir.path()), env).await?;
            let url = format!("http://127.0.0.1:{}", driver.1);
            let connected = tokio::time::timeout(
                Duration::from_secs(60),
                ClientBuilder::native()
                    .capabilities(capabilities.clone())
                    .connect(&url),
            )
            .await
            .context("the WebDriver session did not start within 60 s")
            .and_then(|r| r.context("start a WebDriver session"));
            match connected {
                Ok(client) => break (client, driver),
                Err(error) if attempt < 3 => {
                    eprintln!("WebDriver session attempt {attempt} failed ({error:#}); retrying");
                    attempt += 1;
                    drop(driver);
                }
                Err(error) => return Err(error),
            }
        };
        let app = App {
            client,
            data_dir,
            _driver: driver.0,
        };
        if let Err(error) = app.wait(".shell, .auth, #startup-error").await {
            let _ = app.screenshot("launch-failure").await;
            let body = app.client.source().await.unwrap_or_default();
            let head: String = body.chars().take(2000).collect();
            return Err(error.context(format!(
                "the first screen did not appear; the page was:\n{head}"
            )));
        }
        Ok(app)
    }

    /// The folder exports are saved to instead of asking with a save dialog.
    pub fn export_dir(&self) -> PathBuf {
        self.data_dir.path().join("exports")
    }

    /// Makes the next "Choose file…" of an import choose `file` (the app's
    /// `ROLECALL_IMPORT_PICK` seam) instead of opening a dialog.
    pub fn pick_for_import(&self, file: &Path) -> Result<()> {
        let seam = pick_file(self.data_dir.path());
        std::fs::write(&seam, file.display().to_string())
            .with_context(|| format!("write {}", seam.display()))
    }

    /// The data folder this window works on.
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Waits until an element matching `css` is present and returns it.
    pub async fn wait(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches '{css}' after {} s", WAIT.as_secs()))
    }

    /// Waits until `css` is gone (or never was there).
    pub async fn wait_gone(&self, css: &str) -> Result<()> {
        // Checked in the page: an element that vanishes while being looked at is no error.
        let condition = format!(
            "document.querySelector({}) === null",
            serde_json::Value::from(css)
        );
        self.wait_until(&condition)
            .await
            .with_context(|| format!("'{css}' is still present"))
    }

    /// Waits until the JavaScript expression `condition` holds in the page.
    pub async fn wait_until(&self, condition: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        let script = format!("try {{ return !!({condition}); }} catch (e) {{ return false; }}");
        loop {
            if self.js(&script, vec![]).await?.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("`{condition}` did not hold within {} s", WAIT.as_secs());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// An attribute of the first element matching `css` ("" when it has none).
    pub async fn attribute(&self, css: &str, name: &str) -> Result<String> {
        self.wait(css).await?;
        let value = self
            .js(
                "return document.querySelector(arguments[0]).getAttribute(arguments[1]) || ''",
                vec![css.into(), name.into()],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// The current value of the form control matching `css`.
    pub async fn value(&self, css: &str) -> Result<String> {
        self.wait(css).await?;
        let value = self
            .js(
                "return document.querySelector(arguments[0]).value",
                vec![css.into()],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// Whether the control matching `css` is disabled.
    pub async fn is_disabled(&self, css: &str) -> Result<bool> {
        self.wait(css).await?;
        let value = self
            .js(
                "return document.querySelector(arguments[0]).disabled === true",
                vec![css.into()],
            )
            .await?;
        Ok(value.as_bool() == Some(true))
    }

    /// Fails if the main area scrolls sideways at the window's size.
    pub async fn assert_no_horizontal_scroll(&self) -> Result<()> {
        let overflow = self
            .js(
                "const m = document.querySelector('#main') || document.querySelector('.main'); return m.scrollWidth - m.clientWidth",
                vec![],
            )
            .await?;
        if overflow.as_i64() != Some(0) {
            bail!("the main area scrolls sideways by {overflow} px");
        }
        Ok(())
    }

    /// A screenshot of the settled window: toasts gone and the last change painted.
    pub async fn settled_screenshot(&self, name: &str) -> Result<PathBuf> {
        self.wait_gone(".toast").await?;
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .context("wait for the window to paint")?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.screenshot(name).await
    }

    /// Waits for `css` and clicks it.
    pub async fn click(&self, css: &str) -> Result<()> {
        self.wait(css)
            .await?
            .click()
            .await
            .with_context(|| format!("click '{css}'"))
    }

    /// Waits for `css` and types `text` into it.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        self.wait(css)
            .await?
            .send_keys(text)
            .await
            .with_context(|| format!("type into '{css}'"))
    }

    /// Waits for `css` and returns its text (`textContent`, trimmed).
    pub async fn text(&self, css: &str) -> Result<String> {
        self.wait(css).await?;
        let value = self
            .js("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", vec![css.into()])
            .await?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// Waits until the text of `css` contains `expected`, and returns the text.
    pub async fn wait_text(&self, css: &str, expected: &str) -> Result<String> {
        self.wait_text_for(css, expected, WAIT).await
    }

    /// [`App::wait_text`] with its own time limit, for long operations.
    pub async fn wait_text_for(
        &self,
        css: &str,
        expected: &str,
        limit: Duration,
    ) -> Result<String> {
        let deadline = Instant::now() + limit;
        loop {
            let text = self.text(css).await.unwrap_or_default();
            if text.contains(expected) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                bail!(
                    "'{css}' shows {text:?}, expected it to contain {expected:?} within {} s",
                    limit.as_secs()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clears `css` and types `text` into it.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let el = self.wait(css).await?;
        el.clear().await.with_context(|| format!("clear '{css}'"))?;
        el.send_keys(text)
            .await
            .with_context(|| format!("type into '{css}'"))
    }

    /// Chooses the option whose text is `label` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, label: &str) -> Result<()> {
        self.wait(css).await?;
        let done = self
            .js(
                "const s = document.querySelector(arguments[0]);
                 const o = [...s.options].find(o => o.textContent.trim() === arguments[1]);
                 if (!o) return false;
                 s.value = o.value;
                 s.dispatchEvent(new Event('change', { bubbles: true }));
                 return true;",
                vec![css.into(), label.into()],
            )
            .await?;
        if done != serde_json::Value::Bool(true) {
            bail!("'{css}' has no option '{label}'");
        }
        Ok(())
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn js(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> Result<serde_json::Value> {
        self.client
            .execute(script, args)
            .await
            .context("run a script in the page")
    }

    /// Runs `action` (JavaScript) in the page and measures, with `performance.now()`
    /// in the page itself, the milliseconds until `condition` (a JavaScript expression)
    /// holds: first as the page's DOM (checked after every change to it), then as the
    /// next animation frame sees it (the frame that paints it is drawn after that).
    /// Fails after 10 s.
    pub async fn measure(&self, action: &str, condition: &str) -> Result<Measured> {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const holds = () => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }};
             let dom = null;
             const seen = () => {{ if (dom === null && holds()) dom = performance.now() - t0; }};
             const watch = new MutationObserver(seen);
             watch.observe(document.body, {{ childList: true, subtree: true, characterData: true, attributes: true }});
             const t0 = performance.now();
             {action};
             seen();
             (function frame() {{
                 const now = performance.now() - t0;
                 if (holds()) {{ watch.disconnect(); done([dom === null ? now : dom, now]); }}
                 else if (now > 10000) {{ watch.disconnect(); done(null); }}
                 else requestAnimationFrame(frame);
             }})();"
        );
        let value = self
            .client
            .execute_async(&script, vec![])
            .await
            .context("measure in the page")?;
        let pair = value.as_array().and_then(|v| {
            Some(Measured {
                dom: v.first()?.as_f64()?,
                frame: v.get(1)?.as_f64()?,
            })
        });
        pair.with_context(|| {
            format!("the page did not reach `{condition}` within 10 s of `{action}`")
        })
    }

    /// How many elements match `css` right now.
    pub async fn count(&self, css: &str) -> Result<usize> {
        Ok(self
            .client
            .find_all(Locator::Css(css))
            .await
            .context("query elements")?
            .len())
    }

    /// Presses a key (a WebDriver key code such as `"\u{E00C}"` for Escape) in the focused element.
    pub async fn press(&self, key: &str) -> Result<()> {
        let active = self
            .client
            .active_element()
            .await
            .context("find the focused element")?;
        active.send_keys(key).await.context("press a key")
    }

    /// Saves a PNG of the window as `<screenshots>/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).with_context(|| format!("create {}", dir.display()))?;
        let path = dir.join(format!("{name}.png"));
        display_png(&path)?;
        Ok(path)
    }

    /// Ends the WebDriver session (closing the window); the processes stop on drop.
    pub async fn close(self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
    }
}

/// The file whose contents name the file an import's "Choose file…" takes.
fn pick_file(data_dir: &Path) -> PathBuf {
    data_dir.join("import-pick")
}

/// Starts tauri-driver on free ports in its own process group and waits until it listens.
async fn start_driver(
    export_dir: &Path,
    import_pick: &Path,
    env: &[(&str, &str)],
) -> Result<(DriverProcess, u16)> {
    let port = free_port()?;
    let mut native_port = free_port()?;
    while native_port == port {
        native_port = free_port()?;
    }
    let tauri_driver = env_path("ROLECALL_TAURI_DRIVER", "tauri-driver");
    let webkit_driver = env_path("ROLECALL_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver");
    let child = Command::new(&tauri_driver)
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
            "--native-driver",
        ])
        .arg(&webkit_driver)
        .env("ROLECALL_EXPORT_DIR", export_dir)
        .env("ROLECALL_IMPORT_PICK", import_pick)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .process_group(0)
        .spawn()
        .with_context(|| {
            format!(
                "start {} (is it installed? run `cargo xtask test`)",
                tauri_driver.display()
            )
        })?;
    let driver = DriverProcess { child };
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("tauri-driver did not listen on port {port} within 15 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok((driver, port))
}

/// Runs one test body against a freshly launched app, bounded by [`TEST_LIMIT`]; the
/// window and its processes are closed whatever happens. On failure, a screenshot
/// `<test>-failure.png` shows what the window looked like.
pub async fn with_app<F>(test: &str, app: App, body: F) -> Result<()>
where
    F: for<'a> FnOnce(
        &'a App,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>> + 'a>>,
{
    let outcome = tokio::time::timeout(TEST_LIMIT, body(&app)).await;
    let result = match outcome {
        Ok(result) => result,
        Err(_) => Err(anyhow!(
            "{test} did not finish within {} s",
            TEST_LIMIT.as_secs()
        )),
    };
    if result.is_err() {
        let _ = app.screenshot(&format!("{test}-failure")).await;
    }
    app.close().await;
    result
}

/// Saves the X display the window is on as a PNG at `path`: the pixels the display
/// shows (`xwd -root`), as a person would see them. (WebDriver's own screenshot waits
/// for a compositing update, and the window is drawn without compositing.)
fn display_png(path: &Path) -> Result<()> {
    let display = std::env::var("DISPLAY").context("DISPLAY is not set")?;
    let out = std::process::Command::new("xwd")
        .args(["-root", "-silent", "-display", &display])
        .output()
        .context("run xwd (Debian package x11-apps)")?;
    ensure!(
        out.status.success(),
        "xwd failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let image = xwd_to_rgb(&out.stdout)?;
    image
        .save(path)
        .with_context(|| format!("write {}", path.display()))
}

/// An XWD dump (32 bits per pixel, true colour, as Xvfb's 24-bit screens give) as RGB.
fn xwd_to_rgb(raw: &[u8]) -> Result<image::RgbImage> {
    let field = |i: usize| -> Result<u32> {
        raw.get(i * 4..i * 4 + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .context("the XWD header is short")
    };
    let (header, width, height) = (field(0)? as usize, field(4)?, field(5)?);
    let (little_endian, bits, line) = (field(7)? == 0, field(11)?, field(12)? as usize);
    let (red, green, blue) = (field(14)?, field(15)?, field(16)?);
    let colours = field(19)? as usize;
    ensure!(
        bits == 32,
        "the display has {bits} bits per pixel, 32 expected"
    );
    let start = header + colours * 12;
    let channel = |pixel: u32, mask: u32| -> u8 {
        if mask == 0 {
            0
        } else {
            ((pixel & mask) >> mask.trailing_zeros()) as u8
        }
    };
    let mut image = image::RgbImage::new(width, height);
    for y in 0..height {
        for x in 0..width {
            let at = start + y as usize * line + x as usize * 4;
            let b = raw.get(at..at + 4).context("the XWD pixels are short")?;
            let bytes = [b[0], b[1], b[2], b[3]];
            let pixel = if little_endian {
                u32::from_le_bytes(bytes)
            } else {
                u32::from_be_bytes(bytes)
            };
            image.put_pixel(
                x,
                y,
                image::Rgb([
                    channel(pixel, red),
                    channel(pixel, green),
                    channel(pixel, blue),
                ]),
            );
        }
    }
    Ok(image)
}
